package schema

// InflateAll inflates every chunk of p's compact form and returns the
// inflated size: the work the previous format (one gzip stream) did at
// every load, kept as the baseline of BenchmarkLoad.
func InflateAll(p *Provider) int {
	n := 0
	for i := range p.src.chunks {
		p.src.blob(blobRef{chunk: i})
		n += len(p.src.chunks[i].raw)
	}
	return n
}

// Inflated counts the chunks of p's compact form inflated so far.
func Inflated(p *Provider) (done, all int) {
	for i := range p.src.chunks {
		if p.src.chunks[i].raw != nil {
			done++
		}
	}
	return done, len(p.src.chunks)
}
