package tf

// Typed is what makes a typed expression (package typed: String, Number,
// List[T], ...) an Expr: those types embed it, so a typed value stands
// wherever an expression does without a conversion call. Every constructor
// of this package unwraps it (Unwrap), so renderers and validators only
// ever see the model's own expression types.
type Typed struct{ x Expr }

func (Typed) isExpr() {}

// TFExpr is the wrapped model expression; nil when the value is not set.
func (t Typed) TFExpr() Expr { return t.x }

// TypedOf wraps e, for the constructors of package typed.
func TypedOf(e Expr) Typed { return Typed{Unwrap(e)} }

// Unwrap returns the model expression a typed value stands for (nil for an
// unset one), and any other expression as it is.
func Unwrap(e Expr) Expr {
	for {
		w, ok := e.(Exprer)
		if !ok {
			return e
		}
		e = w.TFExpr()
	}
}

// unwrapAll unwraps every element, copying the slice only when one is a
// typed value, so a caller's slice is never changed.
func unwrapAll(es []Expr) []Expr {
	for i, e := range es {
		if _, ok := e.(Exprer); ok {
			out := make([]Expr, len(es))
			copy(out, es[:i])
			for j := i; j < len(es); j++ {
				out[j] = Unwrap(es[j])
			}
			return out
		}
	}
	return es
}
