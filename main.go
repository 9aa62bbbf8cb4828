// Command moochat renders the MooChat blueprints into Terraform and drives
// terraform to validate, plan, check and apply them.
//
//	moochat <command> [flags]
//
// Each command lives in its own cmd_<name>.go file and registers itself in
// init; this file only dispatches. Commands are thin: flags in, one library
// call, text and an exit code out.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
)

// command is one moochat subcommand.
type command struct {
	name    string
	summary string
	// run parses args with its own FlagSet and returns the process exit code.
	run func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// newFlags returns a FlagSet whose -help output goes to stderr and names the
// command.
func newFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("moochat "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: moochat %s %s\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: moochat <command> [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'moochat <command> -help' for a command's flags and exit codes.")
}

func main() {
	// Like go run ./gen: a short-lived batch process building one large
	// model collects garbage less often, unless GOGC says otherwise.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	// GOGC=400 lets the heap grow to five times what is live, so a soft
	// limit bounds it for big inputs: the check of a 300 MB plan with
	// -policy holds about 480 MB live, which would otherwise peak above
	// 1.4 GB. Below the limit nothing changes; GOMEMLIMIT overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
}

// memoryLimit is the soft limit of moochat's memory (see main).
const memoryLimit = 768 << 20

func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "moochat: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	return c.run(args[1:], stdout, stderr)
}
