package layout

import (
	"math"
	"testing"
)

// TestSignatureGBT9704 checks the unsealed and sealed signature blocks on a
// GB/T 9704 grid page against §7.3.5.
func TestSignatureGBT9704(t *testing.T) {
	type pos struct{ x, right, y float64 }
	find := func(sig *Signature) (body, signer, date pos, ch float64) {
		doc := NewDocument(Options{Theme: OfficialTheme(), Page: PageSetup{Margins: GBT9704Margins, Grid: &GBT9704Grid}})
		doc.Add(P("正文最后一行。"), sig)
		l, err := doc.layout()
		if err != nil {
			t.Fatal(err)
		}
		var ps []pos
		for _, o := range l.pages[0].ops {
			if tx, ok := o.(*textOp); ok {
				ps = append(ps, pos{tx.x, tx.x + width(tx.gs), tx.y})
			}
		}
		if len(ps) != 3 {
			t.Fatalf("%d lines, want 3", len(ps))
		}
		return ps[0], ps[1], ps[2], 156.0 / 28
	}
	right := GBT9704Margins.Left + 156
	pitch := 225.0 / 22
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.01 }

	body, s, d, ch := find(&Signature{Signer: "泰州市海陵区人民政府", Date: "2018年5月31日"})
	if !near(s.y-body.y, 2*pitch) || !near(d.y-s.y, pitch) {
		t.Errorf("lines at %.2f, %.2f, %.2f: want one blank line, then the date right under the signer", body.y, s.y, d.y)
	}
	if !near(s.right, right-2*ch) || !near(d.x, s.x+2*ch) {
		t.Errorf("unsealed: signer ends %.2f (want %.2f), date starts %.2f (want %.2f)", s.right, right-2*ch, d.x, s.x+2*ch)
	}
	// A date longer than the signer: the date two characters from the
	// right, the signer two characters left of it.
	_, s, d, ch = find(&Signature{Signer: "区政府", Date: "2018年12月31日"})
	if !near(d.right, right-2*ch) || !near(s.x, d.x-2*ch) {
		t.Errorf("long date: date ends %.2f (want %.2f), signer starts %.2f (want %.2f)", d.right, right-2*ch, s.x, d.x-2*ch)
	}
	// Sealed: the date four characters from the right, the signer centred on it.
	_, s, d, ch = find(&Signature{Signer: "海陵区人民政府", Date: "2018年5月31日", Sealed: true})
	if !near(d.right, right-4*ch) || !near((s.x+s.right)/2, (d.x+d.right)/2) {
		t.Errorf("sealed: date ends %.2f (want %.2f), signer centre %.2f, date centre %.2f", d.right, right-4*ch, (s.x+s.right)/2, (d.x+d.right)/2)
	}
}
