
// `Symbol.dispose` as TypeScript's lib `esnext.disposable` declares it, for projects whose
// `lib` stops before it (e.g. `["es2022", "dom"]`): the classes below implement
// `[Symbol.dispose]()`, so that `using` frees them where the language has it.
declare global {
    interface SymbolConstructor {
        readonly dispose: unique symbol;
    }
}
