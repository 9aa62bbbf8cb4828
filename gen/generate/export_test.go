package generate

// ModuleSyntax exposes moduleSyntax to the external tests, which compare
// it with the parsed rendering of the platform's modules.
var ModuleSyntax = moduleSyntax
