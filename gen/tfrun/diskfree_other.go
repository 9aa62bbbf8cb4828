//go:build !unix

package tfrun

func freeBytes(dir string) (uint64, bool) { return 0, false }
