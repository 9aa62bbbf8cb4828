package render

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// varsFiles renders a root module's variable definitions files beside
// it. They are HCL whatever the format: Terraform reads a .tfvars file as
// HCL, and -var-file takes both.
func varsFiles(m *tf.Module, opts Options, errs *exprErrors) []File {
	var files []File
	for _, f := range m.VarsFiles {
		w := &hclWriter{errs: errs}
		w.buf = append(w.buf, "# "+GeneratedMarker+opts.generator()+"; DO NOT EDIT.\n"...)
		for _, c := range f.Comment {
			w.buf = append(w.buf, "# "+c+"\n"...)
		}
		w.buf = append(w.buf, '\n')
		w.pos, w.addr = f.Pos(), "vars file "+f.Name
		w.body(&f.Values, 0)
		files = append(files, File{Name: f.Name, Data: w.buf})
	}
	return files
}
