package assets

import (
	"encoding/binary"
	"testing"
)

// TestFontsAreTrueType checks that every bundled font is a standalone
// TrueType file with glyf outlines (the only kind the PDF writer accepts).
func TestFontsAreTrueType(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
	}{{SongFile, Song()}, {HeiFile, Hei()}, {KaiFile, Kai()}, {HeiUIFile, HeiUI()}} {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.data
			if len(b) < 12 || binary.BigEndian.Uint32(b) != 0x00010000 {
				t.Fatalf("%s: not a TrueType file (header % x)", tc.name, b[:4])
			}
			n := int(binary.BigEndian.Uint16(b[4:]))
			tables := map[string]bool{}
			for i := 0; i < n; i++ {
				tables[string(b[12+16*i:16+16*i])] = true
			}
			for _, tag := range []string{"cmap", "glyf", "loca", "hmtx", "head", "hhea"} {
				if !tables[tag] {
					t.Errorf("%s: table %q missing", tc.name, tag)
				}
			}
			if tables["CFF "] {
				t.Errorf("%s: CFF outlines are not supported by the PDF writer", tc.name)
			}
		})
	}
}
