package contentsum

import "testing"

// TestOfIsXXH64InHex: the sum is Prefix and XXH64's published value for
// the input, most significant byte first, as the manifests already on
// disk record it.
func TestOfIsXXH64InHex(t *testing.T) {
	for in, want := range map[string]string{
		"":    "xxh64:ef46db3751d8e999",
		"abc": "xxh64:44bc2cf5ad770999",
	} {
		if got := Of([]byte(in)); got != want {
			t.Errorf("Of(%q) = %s, want %s", in, got, want)
		}
	}
}
