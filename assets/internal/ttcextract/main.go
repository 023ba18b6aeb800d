// Command ttcextract copies one face of a TrueType Collection (.ttc) into a
// standalone TrueType file (.ttf), because the PDF writer cannot read
// collections. It was used to produce fonts/wqy-zenhei.ttf:
//
//	go run ./assets/internal/ttcextract -face 0 /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc assets/fonts/wqy-zenhei.ttf
package main

import (
	"flag"
	"fmt"
	"os"

	"ecoreport/assets/ttc"
)

func main() {
	face := flag.Int("face", 0, "index of the face to extract (0 = first)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: ttcextract [-face N] in.ttc out.ttf")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	in, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := ttc.Extract(in, *face)
	if err != nil {
		fmt.Fprintf(os.Stderr, "提取 %s：%v\n", flag.Arg(0), err)
		os.Exit(1)
	}
	if err := os.WriteFile(flag.Arg(1), out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
