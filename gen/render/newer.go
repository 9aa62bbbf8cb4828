package render

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// resourceKind is the block type of a resource, data source or ephemeral
// resource.
func resourceKind(r *tf.Resource) string {
	switch r.Mode {
	case tf.Data:
		return "data"
	case tf.Ephemeral:
		return "ephemeral"
	}
	return "resource"
}

func firstAttr(b *tf.Body) *tf.Attribute {
	if len(b.Items) > 0 {
		return b.Items[0].Attr
	}
	return nil
}

// removed writes a removed block: from, lifecycle { destroy = ... } and
// any destroy-time provisioners.
func (w *hclWriter) removed(r *tf.Removed) {
	w.pos, w.addr = r.Pos(), "removed"
	w.header("removed")
	w.kvs([]kv{{"from", bare(r.From)}}, 1)
	w.buf = append(w.buf, '\n')
	w.indent(1)
	w.header("lifecycle")
	w.kvs([]kv{{"destroy", tf.Bool(r.Destroy)}}, 2)
	w.closeBlock(1)
	for _, p := range r.Provisioners {
		w.buf = append(w.buf, '\n')
		w.nestedBlock(p, 1)
	}
	w.closeBlock(0)
}

func (j *jsonWriter) removed(r *tf.Removed) {
	j.at(r.Pos(), "removed")
	j.open('{')
	j.field("from", func() { j.str(r.From) })
	j.field("lifecycle", func() {
		j.open('{')
		j.field("destroy", func() { j.value(cty.BoolVal(r.Destroy), false) })
		j.close('}')
	})
	j.provisioners(r.Provisioners)
	j.close('}')
}

// provisioners writes provisioner blocks as Terraform JSON wants them: an
// array of one-key objects, so that their order is kept.
func (j *jsonWriter) provisioners(ps []*tf.Block) {
	if len(ps) == 0 {
		return
	}
	j.field("provisioner", func() {
		j.open('[')
		for _, p := range ps {
			j.elem(func() {
				j.open('{')
				j.field(p.Labels[0], func() { j.blockBody(p) })
				j.close('}')
			})
		}
		j.close(']')
	})
}
