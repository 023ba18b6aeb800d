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
	"sort"
	"strings"
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
type env struct {
	args   []string
	stdout io.Writer
	stderr io.Writer
}

// exitError carries a specific exit code.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes a command line and returns the exit code: 0 success, 1 a
// failure (bad input, nothing written), 2 a usage error.
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
		fmt.Fprintf(stderr, "错误: 未知命令 %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runFn := c.flags(fs)
	if err := fs.Parse(reorder(fs, args[1:])); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			commandUsage(stdout, c, fs)
			return 0
		}
		fmt.Fprintf(stderr, "错误: %s\n\n", flagMessage(err))
		commandUsage(stderr, c, fs)
		return 2
	}
	if err := runFn(&env{args: fs.Args(), stdout: stdout, stderr: stderr}); err != nil {
		fmt.Fprintf(stderr, "错误: %v\n", err)
		var ee exitError
		if errors.As(err, &ee) {
			return ee.code
		}
		return 1
	}
	return 0
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

// flagMessage translates the flag package's English messages.
func flagMessage(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		return "未知选项 " + strings.TrimPrefix(msg, "flag provided but not defined: ")
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return "选项 " + strings.TrimPrefix(msg, "flag needs an argument: ") + " 需要一个值"
	case strings.HasPrefix(msg, "invalid value "):
		return "选项的值无效: " + strings.TrimPrefix(msg, "invalid value ")
	}
	return msg
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "ecoreport-cli — 国家生态文明建设示范区创建资料管理(命令行)")
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "用法: ecoreport-cli <命令> [选项]")
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "命令:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "不带 --db 时,命令在内置的示例项目(示例数据)上运行。")
	fmt.Fprintln(w, "查看某个命令的说明: ecoreport-cli <命令> --help")
}

func commandUsage(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "%s\n\n用法: ecoreport-cli %s %s\n", c.summary, c.name, c.usage)
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if !has {
		return
	}
	fmt.Fprintln(w, "\n选项:")
	fs.VisitAll(func(f *flag.Flag) {
		name := "--" + f.Name
		if _, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok {
			name += " 值"
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" {
			def = fmt.Sprintf("(默认 %s)", f.DefValue)
		}
		fmt.Fprintf(w, "  %-22s %s%s\n", name, f.Usage, def)
	})
}
