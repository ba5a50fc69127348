
// ---- relmap: the generated glue's own errors as relmap errors -------------------------
// Appended to the wasm-bindgen glue by build.sh, followed by the calls that guard every
// exported class and function. What it does, before and around every call:
// - a method called on a freed object (after `free()` or `[Symbol.dispose]()`), or a freed
//   object passed as an argument, throws a `TypeError` with code `freed_object` before any
//   WebAssembly runs (wasm-bindgen would throw "null pointer passed to rust" from inside
//   the module, possibly with the receiver still borrowed);
// - a method called on something that is not an instance of its class throws a
//   `TypeError` with code `invalid_argument` and field `this`;
// - any other error the glue throws itself while converting an argument (a BigInt or a
//   Symbol where a number or a string belongs, ...) becomes a `TypeError` with code
//   `invalid_argument`, the argument's name as `field`, and the original error as `cause`.
// - `free()` and `[Symbol.dispose]()` on an object already freed do nothing.
// Errors relmap throws (those with a string `code`) pass through unchanged.

const __relmapClassList = [];

function __relmapError(Ctor, message, code, field, cause) {
    const e = cause === undefined ? new Ctor(message) : new Ctor(message, { cause });
    e.code = code;
    e.field = field;
    return e;
}

function __relmapParameterNames(fn) {
    let source;
    try {
        source = Function.prototype.toString.call(fn);
    } catch (_) {
        return [];
    }
    const m = source.startsWith("class") ? /\bconstructor\s*\(([^)]*)\)/.exec(source) : /^[^(]*\(([^)]*)\)/.exec(source);
    if (!m) return [];
    return m[1].split(",").map((p) => p.replace(/=.*$/s, "").trim()).filter((p) => p.length > 0);
}

function __relmapIsFreed(value) {
    try {
        if (value === null || typeof value !== "object") return false;
        for (const Class of __relmapClassList) {
            if (value instanceof Class) return value.__wbg_ptr === 0;
        }
    } catch (_) {
        // A proxy whose traps throw is not one of our objects.
    }
    return false;
}

function __relmapFreedArgument(args) {
    for (let i = 0; i < args.length; i++) {
        if (__relmapIsFreed(args[i])) return [i, null];
        let items = null;
        try {
            // Only a list of objects can hold one of ours (not a column of numbers or ids).
            if (Array.isArray(args[i]) && args[i].length <= 100000 && typeof args[i][0] === "object") items = args[i];
        } catch (_) {
            items = null;
        }
        if (items !== null) {
            for (let j = 0; j < items.length; j++) {
                let item;
                try {
                    item = items[j];
                } catch (_) {
                    break;
                }
                if (__relmapIsFreed(item)) return [i, j];
            }
        }
    }
    return null;
}

function __relmapCheckArguments(what, names, args) {
    const freed = __relmapFreedArgument(args);
    if (freed !== null) {
        const [i, j] = freed;
        const name = names[i] ?? `arguments[${i}]`;
        const field = j === null ? name : `${name}[${j}]`;
        throw __relmapError(
            TypeError,
            `${what}: ${field}: the object was freed (free() or [Symbol.dispose]()) and cannot be used again`,
            "freed_object",
            field,
        );
    }
}

function __relmapIsRelmapError(e) {
    try {
        return e !== null && typeof e === "object" && typeof e.code === "string";
    } catch (_) {
        return false;
    }
}

function __relmapBlame(names, args) {
    for (let i = 0; i < args.length; i++) {
        const t = typeof args[i];
        if (t === "bigint" || t === "symbol") return names[i] ?? `arguments[${i}]`;
    }
    return null;
}

function __relmapGlueError(what, names, args, e) {
    if (__relmapIsRelmapError(e) || e instanceof WebAssembly.RuntimeError) return e;
    const field = __relmapBlame(names, args);
    let detail;
    try {
        detail = e instanceof Error ? e.message : String(e);
    } catch (_) {
        detail = "an argument cannot be converted";
    }
    if (/null pointer passed to rust/.test(detail)) {
        return __relmapError(TypeError, `${what}: an object passed was freed and cannot be used again`, "freed_object", field, e);
    }
    const prefix = field === null ? "" : `${field}: `;
    return __relmapError(TypeError, `${what}: ${prefix}${detail}`, "invalid_argument", field, e);
}

function __relmapGuardFunction(fn, what) {
    const names = __relmapParameterNames(fn);
    const guarded = function (...args) {
        __relmapCheckArguments(what, names, args);
        try {
            return fn.apply(this, args);
        } catch (e) {
            throw __relmapGlueError(what, names, args, e);
        }
    };
    Object.defineProperty(guarded, "name", { value: fn.name });
    Object.defineProperty(guarded, "length", { value: fn.length });
    return guarded;
}

function __relmapGuardMethod(Class, fn, what) {
    const names = __relmapParameterNames(fn);
    const guarded = function (...args) {
        let ptr;
        try {
            ptr = this instanceof Class ? this.__wbg_ptr : undefined;
        } catch (_) {
            ptr = undefined;
        }
        if (ptr === undefined) {
            throw __relmapError(TypeError, `${what}: called on something that is not a ${Class.name}`, "invalid_argument", "this");
        }
        if (ptr === 0) {
            throw __relmapError(
                TypeError,
                `${what}: this ${Class.name} was freed (free() or [Symbol.dispose]()) and cannot be used again`,
                "freed_object",
                null,
            );
        }
        __relmapCheckArguments(what, names, args);
        try {
            return fn.apply(this, args);
        } catch (e) {
            throw __relmapGlueError(what, names, args, e);
        }
    };
    Object.defineProperty(guarded, "name", { value: fn.name });
    Object.defineProperty(guarded, "length", { value: fn.length });
    return guarded;
}

/** Guards every public method, getter and static function of a class, and its constructor. */
function __relmapGuardClass(Class) {
    const proto = Class.prototype;
    for (const key of Object.getOwnPropertyNames(proto)) {
        if (key === "constructor" || key === "free" || key.startsWith("__")) continue;
        const d = Object.getOwnPropertyDescriptor(proto, key);
        if (typeof d.value === "function") {
            d.value = __relmapGuardMethod(Class, d.value, `${Class.name}.${key}`);
        } else {
            if (typeof d.get === "function") d.get = __relmapGuardMethod(Class, d.get, `${Class.name}.${key}`);
            if (typeof d.set === "function") d.set = __relmapGuardMethod(Class, d.set, `${Class.name}.${key}`);
        }
        Object.defineProperty(proto, key, d);
    }
    for (const key of Object.getOwnPropertyNames(Class)) {
        if (key.startsWith("__") || ["length", "name", "prototype"].includes(key)) continue;
        const d = Object.getOwnPropertyDescriptor(Class, key);
        if (typeof d.value === "function") {
            d.value = __relmapGuardFunction(d.value, `${Class.name}.${key}`);
            Object.defineProperty(Class, key, d);
        }
    }
    // free() and [Symbol.dispose]() twice: the second does nothing (as closing a file twice).
    const free = proto.free;
    if (typeof free === "function") {
        const once = function () {
            let ptr;
            try {
                ptr = this instanceof Class ? this.__wbg_ptr : undefined;
            } catch (_) {
                ptr = undefined;
            }
            if (ptr === undefined) {
                throw __relmapError(TypeError, `${Class.name}.free: called on something that is not a ${Class.name}`, "invalid_argument", "this");
            }
            if (ptr !== 0) free.call(this);
        };
        Object.defineProperty(once, "name", { value: "free" });
        Object.defineProperty(proto, "free", { ...Object.getOwnPropertyDescriptor(proto, "free"), value: once });
        if (typeof Symbol.dispose === "symbol" && proto[Symbol.dispose] === free) {
            Object.defineProperty(proto, Symbol.dispose, { ...Object.getOwnPropertyDescriptor(proto, Symbol.dispose), value: once });
        }
    }
    const names = __relmapParameterNames(Class);
    const what = `new ${Class.name}`;
    return new Proxy(Class, {
        construct(target, args, newTarget) {
            __relmapCheckArguments(what, names, args);
            try {
                return Reflect.construct(target, args, newTarget);
            } catch (e) {
                throw __relmapGlueError(what, names, args, e);
            }
        },
    });
}
