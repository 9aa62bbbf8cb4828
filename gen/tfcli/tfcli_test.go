package tfcli

import (
	"strings"
	"testing"
)

func TestConfigRender(t *testing.T) {
	tests := []struct {
		name      string
		cfg       Config
		want, not []string
		cache     bool
	}{
		{"mirror and cache", Config{Mirror: "/m", PluginCacheDir: "/c"},
			[]string{`plugin_cache_dir = "/c"`, `path    = "/m"`, "direct {"}, nil, true},
		{"registry only", Config{}, nil, []string{"provider_installation", "plugin_cache_dir"}, false},
		{"base kept, its installation wins", Config{Mirror: "/m", PluginCacheDir: "/c",
			Base: "provider_installation {\n  network_mirror {\n    url = \"https://example.com/\"\n  }\n}\n"},
			[]string{"network_mirror", `plugin_cache_dir = "/c"`}, []string{`"/m"`}, true},
		{"base cache dir wins", Config{PluginCacheDir: "/c", Base: "plugin_cache_dir = \"/mine\"\n"},
			[]string{`"/mine"`}, []string{`"/c"`}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cfg.Render()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("lacks %q:\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("has %q:\n%s", n, got)
				}
			}
			if tt.cfg.UsesPluginCache() != tt.cache {
				t.Errorf("UsesPluginCache = %v, want %v", !tt.cache, tt.cache)
			}
		})
	}
}
