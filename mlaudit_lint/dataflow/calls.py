"""Calls: resolve what is called, bind arguments, evaluate it, and apply the policies' effects.

Order at every call: evaluate the arguments; resolve the callee (a function, method or class of
the linted files, or a library callable through its import path); ask every policy
(`on_call`) — sinks are judged on the arguments as passed; compute the result (the callee's
evaluation in a context of these arguments, or a library model); then apply the policies'
sources, kills and custom results, and write mutated receivers and arguments back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import ir, ml_api
from .arguments import Arguments, Callee
from .policy import CallEffect, CallEvent
from .values import (
    UNKNOWN,
    Val,
    element_of,
    extend_trails,
    flat,
    is_literal,
    join,
    map_taint,
    merge_taint,
    trail_start,
    with_step,
    with_taint,
)

if TYPE_CHECKING:
    from .protocols import Evaluator as FunctionEvaluator


def evaluate_arguments(ev: FunctionEvaluator, args: tuple, env: dict) -> Arguments:
    out = Arguments()
    for arg in args:
        value = ev.operand(arg.value, env)
        if arg.star == 1:
            if value.items is not None:
                out.positional.extend(value.items)
                out.operands.extend([None] * len(value.items))
            else:
                out.star = join(out.star, element_of(value))
        elif arg.star == 2:
            if value.fields:
                out.keywords.update(value.fields)
            else:
                out.double_star = join(out.double_star, flat(value))
        elif arg.keyword is not None:
            out.keywords[arg.keyword] = value
        else:
            out.positional.append(value)
            out.operands.append(arg.value)
    return out


def evaluate_call(ev: FunctionEvaluator, expr, env: dict, span: ir.Span, target: str) -> Val:
    engine = ev.engine
    args = evaluate_arguments(ev, expr.args, env)
    receiver: Val | None = None
    if type(expr) is ir.MethodCall:
        receiver = ev.operand(expr.obj, env)
        callee = engine.program.resolve_method(ev, receiver, expr.name)
        name = expr.name
        if receiver.kind.startswith(("lib:", "mod:")):
            receiver = None  # `np.where(...)`, `helpers.f(...)`: a function of a module
        elif callee.called is not None:
            receiver = None  # `self.model(x)`: the object held in the attribute is called
        function = callee.called
    else:
        function = ev.operand(expr.func, env)
        callee = engine.program.resolve_call(ev, function, expr.callee, span)
        name = callee.name or (expr.callee.rsplit(".", 1)[-1] if expr.callee else "")
    if callee.kind == "method-library" and callee.called is not None:
        receiver_for_model = callee.called
    else:
        receiver_for_model = receiver
    if callee.kind == "library" and not callee.role:
        callee.role = ml_api.role_of(callee.qualified, receiver)
    event = CallEvent(
        ev.site(span),
        expr.callee,
        name,
        callee.qualified,
        receiver,
        tuple(args.positional),
        dict(args.keywords),
        expr,
        callee.role,
        f"{callee.module.module_name}:{callee.function.qualname}" if callee.function else "",
        function,
        ev.column_of(expr.obj) if type(expr) is ir.MethodCall else None,
        args.double_star,
    )
    effects: list[tuple] = []
    for policy in engine.policies:
        effect = policy.on_call(event)
        if effect is not None:
            effects.append((policy, effect))
            for sink in effect.sinks:
                value = _sink_input(sink, receiver, args)
                if value is not None:
                    engine.sink(ev, policy, sink, value, span)
    # mutating methods under a branch: a literal added under a condition is a function of the
    # condition (`if label: feats.append(1.0)`); an example added under it was only chosen
    # by it (`if label == 1: positives.append(vec)`), a selection
    if receiver is not None and expr.name in ml_api.MUTATING_METHODS and ev.ctrl:
        args.positional = [
            ev.with_ctrl(a) if is_literal(a) else ev.with_ctrl(a, selecting=True)
            for a in args.positional
        ]
    result, new_receiver = _compute(ev, callee, receiver_for_model, args, name, span, env, expr)
    if receiver_for_model is not receiver:
        new_receiver = None
    for policy, effect in effects:
        result = _apply_effect(ev, policy, effect, result, receiver, args, span)
        if effect.receiver is not None and receiver is not None:
            base = new_receiver or receiver
            if effect.receiver_replace:
                base = engine.drop_keys(base, frozenset({policy.code}))
            new_receiver = _apply_shape(ev, policy, effect.receiver, base, receiver, args, span)
    if new_receiver is not None and type(expr) is ir.MethodCall:
        ev.update_origin(expr.obj, env, lambda old: new_receiver, span, in_place=True)
    if engine.observers and name in engine.observed_names:
        engine.observe(event, ev, receiver, args)
    return result


def _sink_input(sink, receiver: Val | None, args: Arguments) -> Val | None:
    if sink.receiver:
        value = receiver
    elif sink.double_star:
        value = args.double_star
    else:
        value = None
        if sink.keyword is not None:
            value = args.keywords.get(sink.keyword)
        if value is None and sink.position is not None and sink.position < len(args.positional):
            value = args.positional[sink.position]
        if value is None and sink.position is not None and args.star is not None:
            value = args.star
    return value


def _compute(ev, callee: Callee, receiver, args: Arguments, name, span, env, expr):
    """The call's result and the receiver's new value (for methods that mutate it)."""
    engine = ev.engine
    if callee.kind == "function":
        return call_function(ev, callee, args, span, env), None
    if callee.kind == "chain":
        fitted = call_function(ev, callee, args, span, env)
        module, function = callee.then
        receiver = fitted if fitted.kind.startswith("obj:") else callee.receiver
        second = Callee(
            "function", function.name, module=module, function=function, receiver=receiver
        )
        first_only = Arguments(positional=args.positional[:1], operands=args.operands[:1])
        return call_function(ev, second, first_only, span, env), None
    if callee.kind == "class":
        instance = callee.instance
        if callee.function is not None:
            call_function(ev, callee, args, span, env)
        return instance, None
    outcome = ml_api.call_library(ev, callee, receiver, args, name, span)
    result = engine.apply_step(outcome.result, outcome.step) if outcome.step else outcome.result
    if outcome.model_output is not None:
        result = join(result, engine.apply_step(outcome.model_output, "model-output"))
    return result, outcome.receiver


def call_function(ev: FunctionEvaluator, callee: Callee, args: Arguments, span, env) -> Val:
    """Evaluate an in-tree function in the context of these arguments."""
    function = callee.function
    params = bind_arguments(ev, callee, args, span)
    result, outs = ev.engine.call(callee.module, function, params, ev)
    # arguments the callee mutated (`df["x"] = ...`, `rows.append(...)`) change in the caller
    if outs:
        offset = (
            1
            if callee.receiver is not None and function.kind is not ir.FunctionKind.STATICMETHOD
            else 0
        )
        names = [p.name for p in function.params]
        for position, operand in enumerate(args.operands):
            if operand is None or not isinstance(operand, ir.Var):
                continue
            index = position + offset
            if index >= len(names) or names[index] not in outs:
                continue
            new = outs[names[index]]
            old = args.positional[position]
            if new.signature() != old.signature():
                ev.update_origin(operand, env, lambda _old, new=new: new)
    return result


def bind_arguments(ev: FunctionEvaluator, callee: Callee, args: Arguments, span) -> dict:
    function = callee.function
    params = list(function.params)
    bound: dict[str, Val] = {}
    label = callee.name or function.name
    if callee.receiver is not None and function.kind is not ir.FunctionKind.STATICMETHOD and params:
        bound[params[0].name] = callee.receiver
        params = params[1:]
    positional = [p for p in params if p.kind is ir.ParamKind.POSITIONAL]
    vararg = next((p for p in params if p.kind is ir.ParamKind.VARARG), None)
    varkw = next((p for p in params if p.kind is ir.ParamKind.VARKW), None)
    extra: list[Val] = []
    for index, value in enumerate(args.positional):
        if index < len(positional):
            bound[positional[index].name] = value
        else:
            extra.append(value)
    if vararg is not None:
        if args.star is None:
            bound[vararg.name] = Val(kind="tuple", items=tuple(extra))
        else:
            elem = args.star
            for value in extra:
                elem = join(elem, value)
            bound[vararg.name] = Val(kind="tuple", elem=elem)
    leftover: dict[str, Val] = {}
    names = {p.name for p in params}
    for keyword, value in args.keywords.items():
        if keyword in names and keyword not in bound:
            bound[keyword] = value
        else:
            leftover[keyword] = value
    if varkw is not None:
        bound[varkw.name] = Val(kind="dict", fields=leftover or None, elem=args.double_star)
    for param in params:
        if param.name in bound:
            continue
        if args.star is not None and param.kind is ir.ParamKind.POSITIONAL:
            bound[param.name] = args.star
        elif args.double_star is not None:
            bound[param.name] = args.double_star
        elif param.default is not None:
            bound[param.name] = ev.operand(param.default, {})
        else:
            bound[param.name] = UNKNOWN
    # the trace names the call: `extract_features(is_var=...)`
    for name, value in bound.items():
        if callee.receiver is not None and value is callee.receiver:
            continue
        if not value.is_empty():
            bound[name] = with_step(value, ev.step(f"{label}({name}=...)", span))
    return bound


def _apply_effect(ev, policy, effect: CallEffect, result: Val, receiver, args, span) -> Val:
    code = policy.code
    engine = ev.engine
    if effect.kill:
        result = engine.drop_keys(result, frozenset({code}))
    if effect.result is not None:
        if not _rewrites(effect.result):
            result = engine.drop_keys(result, frozenset({code}))
        result = _apply_shape(ev, policy, effect.result, result, receiver, args, span)
    if effect.source is not None:
        step = ev.step(effect.source.description, span)
        result = with_taint(result, {effect.source.key: trail_start(step)})
    return result


def _rewrites(shape) -> bool:
    if shape is None:
        return False
    if shape.rewrite is not None:
        return True
    return any(_rewrites(part) for part in (shape.items or ())) or _rewrites(shape.elem)


def _apply_shape(ev, policy, shape, base: Val, receiver, args: Arguments, span) -> Val:
    """Add a policy's `Shape` (its own keys, per position) onto `base`."""
    inputs: dict = {}
    for value in ([receiver] if receiver is not None else []) + args.all():
        for key, trail in value.all_taint().items():
            inputs.setdefault(key, trail)
    step = ev.step("call", span)

    def taint_of(shape) -> dict:
        out = {}
        for key, origin in shape.keys.items():
            if origin is None:
                out[key] = trail_start(step)
            elif hasattr(origin, "key") and hasattr(origin, "description"):
                out[key] = trail_start(ev.step(origin.description, span))
            elif origin in inputs:
                out[key] = extend_trails({origin: inputs[origin]}, step)[origin]
            else:
                out[key] = trail_start(step)
        return out

    def rewritten(shape, val: Val) -> Val:
        if shape.rewrite is None:
            return val
        code = policy.code

        def change(taint):
            out = {}
            for key, trail in taint.items():
                if key[0] != code:
                    out[key] = trail
                    continue
                new = shape.rewrite(key)
                if new is not None and new not in out:
                    out[new] = extend_trails({new: trail}, step)[new]
            return out

        if shape.items is None or val.items is None:
            return map_taint(val, change)
        # the positions are rewritten by their own shapes
        return map_taint(val.but(items=None), change).but(items=val.items)

    def build(shape, val: Val) -> Val:
        out = with_taint(rewritten(shape, val), taint_of(shape))
        if shape.items is not None:
            items = list(out.items) if out.items is not None else [UNKNOWN] * len(shape.items)
            while len(items) < len(shape.items):
                items.append(UNKNOWN)
            for position, part in enumerate(shape.items):
                if part is not None:
                    items[position] = build(part, items[position])
            out = out.but(items=tuple(items))
        if shape.elem is not None:
            out = out.but(elem=build(shape.elem, out.elem or UNKNOWN))
        return out

    return build(shape, base)


__all__ = ["Arguments", "Callee", "evaluate_call", "merge_taint"]
