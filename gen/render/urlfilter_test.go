package render

import (
	"strings"
	"testing"
)

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
	filterIsExact(t, urlCorpus, checkURLFilter, func(s string) bool { return !mayHoldURL(s) }, 5)
}

func FuzzURLFilter(f *testing.F) { fuzzCorpus(f, urlCorpus, checkURLFilter) }

// filterIsExact runs check on every line of corpus, and fails when skips
// (the filter) turns away fewer than least of them: a filter that lets
// everything through is exact but useless.
func filterIsExact(t *testing.T, corpus []string, check func(*testing.T, string), skips func(string) bool, least int) {
	n := 0
	for _, s := range corpus {
		check(t, s)
		if skips(s) {
			n++
		}
	}
	if n < least {
		t.Errorf("the filter skipped %d of the corpus: it filters nothing", n)
	}
}

// fuzzCorpus fuzzes check, seeded with corpus.
func fuzzCorpus(f *testing.F, corpus []string, check func(*testing.T, string)) {
	for _, s := range corpus {
		f.Add(s)
	}
	f.Fuzz(check)
}

func checkURLFilter(t *testing.T, s string) {
	if urlRe().MatchString(s) && !mayHoldURL(s) {
		t.Errorf("urlRe matches %q (%q) but mayHoldURL says it cannot", s, urlRe().FindString(s))
	}
}

// underscoreCorpus is lines around mayKeepUnderscores' edges: leading
// underscores after each kind of space, _emphasis_ between spaces,
// underscores inside names, and spaces that \s does not cover.
var underscoreCorpus = []string{
	"", "_", "__init__ x", "  _a_ b", "\t_x y", "\f__ z", "\r_ q", "a _b_ c", "a\t_b_\tc", "bucket_name of the site",
	"snake_case_name", "x\u00a0_y_ z", "a\u2003_b_ c", "word_ _x_ y", "_", " _ ", "trailing _", "ends with name_",
}

// TestUnderscoreFilterIsExact: whenever an expression of underscoreKeep
// matches a line, mayKeepUnderscores lets it run.
func TestUnderscoreFilterIsExact(t *testing.T) {
	filterIsExact(t, underscoreCorpus, checkUnderscoreFilter, func(s string) bool { return !mayKeepUnderscores(s) }, 3)
}

func FuzzUnderscoreFilter(f *testing.F) { fuzzCorpus(f, underscoreCorpus, checkUnderscoreFilter) }

func checkUnderscoreFilter(t *testing.T, line string) {
	if strings.Contains(line, "\n") {
		return // escapeUnderscores hands it single lines
	}
	for i, k := range underscoreKeep() {
		if k.re.MatchString(line) && !mayKeepUnderscores(line) {
			t.Errorf("underscoreKeep[%d] matches %q but mayKeepUnderscores says it cannot", i, line)
		}
	}
}
