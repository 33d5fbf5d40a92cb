"""A strict JSON codec for plain data classes: what the results cache stores instead of pickle.

Pickle runs code while loading (a crafted cache file is a program); this codec can only build
None, bool, int, float, str, tuple, list, frozenset, set, dict and the dataclasses and Enums
*registered* with it, and it checks every value against the field annotations while decoding. A
document that does not fit (a foreign file, a valid entry of another shape, a class name it does
not know) raises `DecodeError`; the cache treats that as a miss and the file is analysed again.

Encoding (compact, one JSON value per Python value; the tag is the first item of an array):

    None / bool / int / float / str    themselves (NaN and infinities as JSON's NaN/Infinity)
    tuple     ["t", item, ...]           list      ["l", item, ...]
    frozenset ["f", item, ...]           set       ["s", item, ...]
    dict      ["m", key, value, key, value, ...]
    dataclass ["d", "QualName", field value, ...]   (fields that take part in __init__, in order)
    Enum      ["e", "QualName", "MEMBER"]

The registry is built from root types: every dataclass or Enum reachable through their field
annotations, plus every dataclass or Enum defined in the same modules (so a field annotated
`object` may still hold an IR node of the same module). Decoding follows the annotations, so a
`tuple[int, ...]` field holding a string is rejected, not passed on to the analysis.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import sys
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any

Decoder = Callable[[Any], Any]


class DecodeError(ValueError):
    """The document is not an encoding of the expected type."""


class EncodeError(TypeError):
    """The value holds something the codec does not carry (an unregistered class, bytes, ...)."""


_SCALARS = (type(None), bool, int, float, str)
_TAG_OF_CONTAINER = {tuple: "t", list: "l", frozenset: "f", set: "s"}
_CONTAINER_OF_TAG = {tag: kind for kind, tag in _TAG_OF_CONTAINER.items()}


class Codec:
    """Encode and decode values of the registered types (see the module docstring)."""

    def __init__(self, roots: Iterable[Any]):
        self._classes: dict[str, type] = {}
        self._names: dict[type, str] = {}
        self._fields: dict[type, tuple[str, ...]] = {}
        self._hints: dict[type, tuple[Any, ...]] = {}
        self._decoders: dict[Any, Decoder] = {}
        # What the roots' annotations reach must be carried: an unsupported field is a TypeError.
        reached = self._register_closure(list(roots))
        self._check(reached)
        # The other data classes of those modules are welcome if the codec can carry them.
        for cls in self._module_neighbours(reached):
            if cls in self._names:
                continue
            before = (dict(self._classes), dict(self._names))
            try:
                self._check(self._register_closure([cls]))
            except TypeError:
                self._classes, self._names = before

    def _register_closure(self, pending: list[Any]) -> list[type]:
        added: list[type] = []
        while pending:
            for cls in _classes_in(pending.pop()):
                if cls in self._names:
                    continue
                self._register(cls)
                added.append(cls)
                if dataclasses.is_dataclass(cls):
                    pending.extend(self._hints[cls])
        return added

    def _check(self, classes: Iterable[type]) -> None:
        for cls in classes:
            for hint in self._hints.get(cls, ()):
                self._decoder(hint)

    @staticmethod
    def _module_neighbours(classes: Iterable[type]) -> list[type]:
        found: list[type] = []
        for module_name in dict.fromkeys(cls.__module__ for cls in classes):
            module = sys.modules.get(module_name)
            for value in vars(module).values() if module is not None else ():
                if (
                    isinstance(value, type)
                    and value.__module__ == module_name
                    and (dataclasses.is_dataclass(value) or issubclass(value, enum.Enum))
                ):
                    found.append(value)
        return found

    @property
    def classes(self) -> tuple[type, ...]:
        return tuple(self._names)

    def _register(self, cls: type) -> None:
        name = cls.__qualname__
        if name in self._classes:
            raise TypeError(f"two registered classes are called {name!r}")
        self._classes[name] = cls
        self._names[cls] = name
        if dataclasses.is_dataclass(cls):
            hints = typing.get_type_hints(cls)
            fields = tuple(f.name for f in dataclasses.fields(cls) if f.init)
            self._fields[cls] = fields
            self._hints[cls] = tuple(hints.get(name, Any) for name in fields)

    # -- encoding -------------------------------------------------------------------------------

    def dumps(self, value: Any) -> str:
        return json.dumps(self.encode(value), separators=(",", ":"), ensure_ascii=False)

    def encode(self, value: Any) -> Any:
        # One function with local lookups: this runs once per IR node of every analysed file.
        names = self._names
        fields_of = self._fields
        scalars = _SCALARS
        container_tags = _TAG_OF_CONTAINER

        def encode(value: Any) -> Any:
            kind = type(value)
            if kind in scalars:
                return value
            tag = container_tags.get(kind)
            if tag is not None:
                return [tag, *[encode(item) for item in value]]
            if kind is dict:
                encoded: list[Any] = ["m"]
                for key, item in value.items():
                    encoded.append(encode(key))
                    encoded.append(encode(item))
                return encoded
            name = names.get(kind)
            if name is None:
                raise EncodeError(f"cannot store a value of type {kind.__qualname__}")
            if isinstance(value, enum.Enum):
                return ["e", name, value.name]
            return ["d", name, *[encode(getattr(value, field)) for field in fields_of[kind]]]

        return encode(value)

    # -- decoding -------------------------------------------------------------------------------

    def loads(self, text: str | bytes, expected: Any = Any) -> Any:
        try:
            document = json.loads(text)
        except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
            raise DecodeError(f"not JSON: {error}") from None
        return self.decode(document, expected)

    def decode(self, document: Any, expected: Any = Any) -> Any:
        return self._decoder(expected)(document)

    def _decoder(self, hint: Any) -> Decoder:
        decoder = self._decoders.get(hint)
        if decoder is None:
            decoder = self._decoders[hint] = self._build_decoder(hint)
        return decoder

    def _build_decoder(self, hint: Any) -> Decoder:
        if hint is Any or hint is object:
            return self._decode_any
        if hint is None or hint is type(None):
            return _exact(type(None))
        if hint is float:
            return _decode_float
        if hint in (bool, str):
            return _exact(hint)
        if hint is int:
            return _decode_int
        origin = typing.get_origin(hint)
        arguments = typing.get_args(hint)
        if origin in (typing.Union, types.UnionType):
            return self._union_decoder(arguments)
        if origin is typing.Literal:
            allowed = set(arguments)

            def literal(document: Any) -> Any:
                if type(document) not in _SCALARS or document not in allowed:
                    raise DecodeError(f"expected one of {sorted(map(repr, allowed))}")
                return document

            return literal
        container = origin or hint
        if container in _TAG_OF_CONTAINER:
            return self._container_decoder(container, arguments)
        if container is dict:
            key, value = arguments or (Any, Any)
            return self._dict_decoder(key, value)
        if isinstance(hint, type) and hint in self._names:
            return self._class_decoder(hint)
        raise TypeError(f"the codec cannot decode values annotated {hint!r}")

    def _union_decoder(self, members: tuple[Any, ...]) -> Decoder:
        # Registered classes are picked by the name in the document (a union of many IR node
        # classes would otherwise be tried one by one); the other members in order.
        by_name = {
            self._names[member]: member
            for member in members
            if isinstance(member, type) and member in self._names
        }
        others = [self._decoder(member) for member in members if member not in by_name.values()]

        def union(document: Any) -> Any:
            if type(document) is list and len(document) >= 2 and document[0] in ("d", "e"):
                cls = by_name.get(document[1]) if type(document[1]) is str else None
                if cls is not None:
                    return self._decoder(cls)(document)
            for decoder in others:
                try:
                    return decoder(document)
                except DecodeError:
                    continue
            raise DecodeError(f"value fits none of {members!r}")

        return union

    def _container_decoder(self, kind: type, arguments: tuple[Any, ...]) -> Decoder:
        tag = _TAG_OF_CONTAINER[kind]
        if kind is tuple and arguments and arguments[-1] is not Ellipsis:
            if arguments == ((),):  # tuple[()]
                arguments = ()
            decoders = [self._decoder(argument) for argument in arguments]

            def fixed_tuple(document: Any) -> Any:
                if (
                    type(document) is not list
                    or len(document) != len(decoders) + 1
                    or document[0] != tag
                ):
                    raise DecodeError(f"expected a tuple of {len(decoders)} items")
                return tuple(decoder(item) for decoder, item in zip(decoders, document[1:]))

            return fixed_tuple
        item_decoder = self._decoder(arguments[0]) if arguments else self._decode_any

        def homogeneous(document: Any) -> Any:
            if type(document) is not list or not document or document[0] != tag:
                raise DecodeError(f"expected a {kind.__name__}")
            items = map(item_decoder, document[1:])
            try:
                return kind(items)
            except TypeError:  # an unhashable item in a set
                raise DecodeError(f"unhashable item in a {kind.__name__}") from None

        return homogeneous

    def _dict_decoder(self, key_hint: Any, value_hint: Any) -> Decoder:
        decode_key = self._decoder(key_hint)
        decode_value = self._decoder(value_hint)

        def mapping(document: Any) -> Any:
            if type(document) is not list or not document or document[0] != "m":
                raise DecodeError("expected a dict")
            if len(document) % 2 != 1:
                raise DecodeError("a dict needs a value for every key")
            try:
                return {
                    decode_key(document[index]): decode_value(document[index + 1])
                    for index in range(1, len(document), 2)
                }
            except TypeError:
                raise DecodeError("unhashable dict key") from None

        return mapping

    def _class_decoder(self, cls: type) -> Decoder:
        name = self._names[cls]

        if issubclass(cls, enum.Enum):

            def member(document: Any) -> Any:
                if (
                    type(document) is not list
                    or len(document) != 3
                    or document[:2] != ["e", name]
                    or type(document[2]) is not str
                    or document[2] not in cls.__members__
                ):
                    raise DecodeError(f"expected a member of {name}")
                return cls[document[2]]

            return member

        field_hints = self._hints[cls]
        size = len(field_hints) + 2
        decoders: list[Decoder] = []

        def instance(document: Any) -> Any:
            if type(document) is not list or len(document) != size or document[:2] != ["d", name]:
                raise DecodeError(f"expected a {name}")
            if not decoders:  # built on first use: a class may refer to itself
                decoders.extend(self._decoder(hint) for hint in field_hints)
            try:
                return cls(*(decoder(item) for decoder, item in zip(decoders, document[2:])))
            except DecodeError:
                raise
            except (TypeError, ValueError) as error:  # the class's own validation said no
                raise DecodeError(f"invalid {name}: {error}") from None

        return instance

    def _decode_any(self, document: Any) -> Any:
        """A value whose annotation says nothing (Any, or the items of a bare `tuple`)."""
        kind = type(document)
        if kind in _SCALARS:
            return document
        if kind is not list or not document or type(document[0]) is not str:
            raise DecodeError(f"unexpected JSON value of type {kind.__name__}")
        tag = document[0]
        decode = self._decode_any
        if tag == "t":
            return tuple([decode(item) for item in document[1:]])
        if tag == "l":
            return [decode(item) for item in document[1:]]
        if tag in ("f", "s") or tag == "m":
            return self._decoder(_CONTAINER_OF_TAG.get(tag, dict))(document)
        if tag in ("d", "e") and len(document) >= 2:
            cls = self._classes.get(document[1]) if type(document[1]) is str else None
            if cls is None:
                raise DecodeError(f"unknown class {document[1]!r}")
            return self._decoder(cls)(document)
        raise DecodeError(f"unknown tag {tag!r}")


def _classes_in(hint: Any) -> Iterable[type]:
    """The dataclasses and Enums an annotation mentions (through unions and containers)."""
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint) or issubclass(hint, enum.Enum):
            yield hint
        return
    for argument in typing.get_args(hint):
        yield from _classes_in(argument)


def _exact(kind: type) -> Decoder:
    def decode(document: Any) -> Any:
        if type(document) is not kind:
            raise DecodeError(f"expected {kind.__name__}, got {type(document).__name__}")
        return document

    return decode


def _decode_int(document: Any) -> Any:
    if type(document) is not int:
        raise DecodeError(f"expected int, got {type(document).__name__}")
    return document


def _decode_float(document: Any) -> Any:
    # JSON writes 1.0 as 1.0, but an int is a valid float annotation value in Python.
    if type(document) not in (float, int):
        raise DecodeError(f"expected float, got {type(document).__name__}")
    return document
