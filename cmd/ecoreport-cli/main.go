// Command ecoreport-cli is the headless command line of ecoreport: it creates
// projects, records values, checks readiness and builds the package, on the
// same core as the desktop app. It builds with CGO_ENABLED=0.
//
// Without --db a command works on the embedded demo project (示例数据).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"ecoreport/app/oserr"
	"ecoreport/app/store"
)

// command is one sub-command; every file cmd_*.go registers its own.
type command struct {
	name    string
	summary string // one line, Chinese
	usage   string // arguments after the name
	// flags declares the command's flags on fs and returns the function that
	// runs it once they are parsed.
	flags func(fs *flag.FlagSet) func(env *env) error
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// env is what a running command gets: its arguments and where to write.
// clock gives the time that written files are dated with (their names
// carry the day); tests fix it so that two runs of a test name the same
// files even across midnight.
var clock = time.Now

type env struct {
	args   []string
	stdout io.Writer
	stderr io.Writer
	// opened are the projects the command opened (env.project); run closes
	// them when the command returns.
	opened []*store.Store
}

// Exit codes: every command follows this table (README, 退出码).
const (
	// exitOK: everything requested was written (or, for --dry-run, would be).
	exitOK = 0
	// exitRefused: nothing was written because of bad input (or a failure).
	exitRefused = 1
	// exitUsage: the command line is wrong (unknown command or option, a
	// required option missing, arguments the command does not take).
	exitUsage = 2
	// exitPartial: written in part; the files or values refused are listed.
	exitPartial = 3
)

// exitError carries a specific exit code.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }

func (e exitError) Unwrap() error { return e.err }

// usageError reports a wrong command line (exit code 2).
func usageError(format string, a ...any) error {
	return exitError{exitUsage, fmt.Errorf(format, a...)}
}

// partialError reports that a command wrote part of what was asked and
// refused the rest, which it has listed (exit code 3).
func partialError(format string, a ...any) error {
	return exitError{exitPartial, fmt.Errorf(format, a...)}
}

// takesArgs names the commands that take positional arguments; the others
// refuse them as a usage error.
var takesArgs = map[string]bool{"import": true, "undo-import": true}

// The collector of a command-line run: the heap may grow by 4× what is
// live before a collection (GOGC=400 instead of 100), within a soft limit
// of 100 MiB, past which it collects as often as it must. A run is short
// and most of what it allocates (PDF streams, glyph runs, compressors) dies
// young. Measured on 2 cores (figures in the note of issue #12):
// the demo package's build takes about a third less CPU (peak RSS 67 →
// 106 MB); binders of 300 and 2,000 scanned pages stay at 119–153 MB peak
// RSS (a limit of 120 MiB let `build` of 2,000 pages reach 173 MB) and take
// 20–40% less time. GOGC and GOMEMLIMIT, when set, win.
const (
	cliGCPercent   = 400
	cliMemoryLimit = 100 << 20
)

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// tuneGC sets the collector's target and memory limit unless GOGC or
// GOMEMLIMIT say otherwise.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(cliGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(cliMemoryLimit)
	}
}

// run executes a command line and returns the exit code (see exitOK …
// exitPartial).
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			return run([]string{args[1], "--help"}, stdout, stderr)
		}
		usage(stdout)
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "错误：未知命令 %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runFn := c.flags(fs)
	if err := fs.Parse(reorder(fs, args[1:])); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			commandUsage(stdout, c, fs)
			return 0
		}
		fmt.Fprintf(stderr, "错误：%s\n\n", flagMessage(fs, err))
		commandUsage(stderr, c, fs)
		return exitUsage
	}
	if fs.NArg() > 0 && !takesArgs[c.name] {
		fmt.Fprintf(stderr, "错误：命令 %s 不接受参数 %q（选项请以 -- 开头）\n\n", c.name, fs.Arg(0))
		commandUsage(stderr, c, fs)
		return exitUsage
	}
	e := &env{args: fs.Args(), stdout: stdout, stderr: stderr}
	err := runFn(e)
	e.closeProjects()
	if err != nil {
		// A file error that reached here untranslated still gets Chinese.
		err = oserr.Rewrite(err)
		var ee exitError
		if errors.As(err, &ee) && ee.code == exitPartial {
			fmt.Fprintf(stderr, "部分完成：%v\n", err)
			return ee.code
		}
		fmt.Fprintf(stderr, "错误：%v\n", err)
		if errors.As(err, &ee) {
			if ee.code == exitUsage {
				fmt.Fprintf(stderr, "用法：ecoreport-cli %s %s（详见 ecoreport-cli %s --help）\n", c.name, c.usage, c.name)
			}
			return ee.code
		}
		return exitRefused
	}
	return exitOK
}

// reorder moves flags before positional arguments, so that both
// "import --db x a.xlsx" and "import a.xlsx --db x" work.
func reorder(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil {
			if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
				continue
			}
			if i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		}
	}
	return append(flags, pos...)
}

// flagMessage translates the flag package's English messages, naming the
// option, what was found and what is expected.
func flagMessage(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		return "未知选项 " + strings.TrimPrefix(msg, "flag provided but not defined: ")
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return "选项 " + strings.TrimPrefix(msg, "flag needs an argument: ") + " 需要一个值"
	case strings.HasPrefix(msg, "invalid value "), strings.HasPrefix(msg, "invalid boolean value "):
		// invalid value "abc" for flag -year: parse error
		var found, name, reason string
		rest := strings.TrimPrefix(strings.TrimPrefix(msg, "invalid boolean value "), "invalid value ")
		if i := strings.Index(rest, " for flag -"); i >= 0 {
			found, rest = rest[:i], rest[i+len(" for flag -"):]
			name, reason, _ = strings.Cut(rest, ": ")
		}
		if reason != "" && reason != "parse error" && reason != "value out of range" {
			// A flag of our own said what is wrong (in Chinese).
			return fmt.Sprintf("选项 --%s 的值 %s 无效：%s", name, found, reason)
		}
		want := "有效的值"
		if reason == "value out of range" {
			want = "范围内的整数"
		}
		if f := fs.Lookup(name); f != nil {
			if g, ok := f.Value.(flag.Getter); ok {
				switch g.Get().(type) {
				case int, int64, uint, uint64:
					if reason != "value out of range" {
						want = "整数，如 2017"
					}
				case float64:
					want = "数字"
				case bool:
					want = "true 或 false"
				case time.Duration:
					want = "时长，如 5s"
				}
			}
		}
		if name == "" {
			return "选项的值无效：" + rest
		}
		return fmt.Sprintf("选项 --%s 的值 %s 无效，应为%s", name, found, want)
	}
	return msg
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "ecoreport-cli — 国家生态文明建设示范区创建资料管理（命令行）")
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "用法：ecoreport-cli <命令> [选项]")
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "命令：")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "不带 --db 时，命令在内置的示例项目（示例数据）上运行。")
	fmt.Fprintln(w, "查看某个命令的说明：ecoreport-cli <命令> --help")
}

func commandUsage(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "%s\n\n用法：ecoreport-cli %s %s\n", c.summary, c.name, c.usage)
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if !has {
		return
	}
	fmt.Fprintln(w, "\n选项：")
	fs.VisitAll(func(f *flag.Flag) {
		name := "--" + f.Name
		if _, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok {
			name += " 值"
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" {
			def = fmt.Sprintf("（默认 %s）", f.DefValue)
		}
		fmt.Fprintf(w, "  %-22s %s%s\n", name, f.Usage, def)
	})
}
