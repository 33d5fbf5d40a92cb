"""The axis `@longitudinal` adds: the test receives `build=`, a `builds.Build` (the first given is
the reference; with repeat=True each build also runs a second time)."""

BUILD_AXIS = "build"
