package schema

// InflateAll inflates every blob of p's compact form and returns the
// inflated size: the work the first format (one gzip stream) did at
// every load, kept as the baseline of BenchmarkLoad.
func InflateAll(p *Provider) int {
	n := 0
	for _, set := range []*blockSet{&p.resources, &p.data, &p.ephemeral} {
		for i := range set.blocks {
			n += len(p.src.blob(set.blocks[i].ref))
		}
	}
	for _, r := range p.src.typeRefs {
		n += len(p.src.blob(r))
	}
	return n + len(p.src.blob(p.config.ref))
}

// Inflated counts the blobs of p's compact form inflated so far.
func Inflated(p *Provider) int { return int(p.src.inflated.Load()) }

// DecodeBlockRecord decodes one record's bytes as they are inflated.
func DecodeBlockRecord(rec string) *Block {
	d := &decoder{buf: rec}
	return d.block()
}
