package render

import "testing"

// urlCorpus is text around the URL filter's edges: each scheme form, in
// other cases and with the characters that case folding equates (ſ with
// s, the Kelvin sign with k), schemes inside words, colons without a
// scheme, and backslashes from escaped underscores.
var urlCorpus = []string{
	"", ":", "a: b\\_c", "see https://example.com/a\\_b for more", "HTTPS://X.Y/\\_", "x://y\\_z", "://",
	"mailto:me\\_you@example.com", "MAILTO:a\\_b", "MaIlTo:a", "ſms:1\\_2", "tel:+1\\_2", "xmpp:a\\_b@c", "bigeo:1\\_2",
	"geo", "geo :1", "cid:", "mid:x", "file:/a\\_b", "magnet:?xt\\_1", "bitcoin:1\\_x", "\u212Aey: value\\_x", "ti\u212Ael:x",
	"The bucket\\_name: where objects go.", "ports: 80, 443; time: 12:30\\_", "日本:語\\_", "tel", "sms\u017f:", "fileſ:",
}

// TestURLFilterIsExact: mayHoldURL is true wherever urlRe matches, so
// unescapeURLs skips only text it would leave as it is.
func TestURLFilterIsExact(t *testing.T) {
	skipped := 0
	for _, s := range urlCorpus {
		checkURLFilter(t, s)
		if !mayHoldURL(s) {
			skipped++
		}
	}
	if skipped < 5 {
		t.Errorf("the filter skipped %d of the corpus: it filters nothing", skipped)
	}
}

func FuzzURLFilter(f *testing.F) {
	for _, s := range urlCorpus {
		f.Add(s)
	}
	f.Fuzz(checkURLFilter)
}

func checkURLFilter(t *testing.T, s string) {
	if urlRe().MatchString(s) && !mayHoldURL(s) {
		t.Errorf("urlRe matches %q (%q) but mayHoldURL says it cannot", s, urlRe().FindString(s))
	}
}
