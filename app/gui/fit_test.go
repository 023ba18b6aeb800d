package gui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// fyneEnglish are the strings Fyne's widgets and dialogs show by
// themselves; none may reach the screen untranslated.
var fyneEnglish = regexp.MustCompile(`^\(?(Select one|Home|Computer|Documents|Downloads|Desktop|Music|Pictures|Videos|Movies|App Files|` +
	`Cancel|Save|Open|OK|Yes|No|Confirm|Error|Information|File|Folder|New Folder|Create Folder|Show Hidden Files|` +
	`Enter filename|Name|Parent|Advanced|Copy|Cut|Paste|Undo|Redo|Select all|Quit|Dismiss|Open File|Save File|Open Folder)\)?$|` +
	`Overwrite\?|Are you sure|Cannot overwrite`)

// halfWidth finds ASCII , : ; ( ) next to a Chinese character, which the
// window shows full-width as the documents do.
var halfWidth = regexp.MustCompile(`\p{Han}[,:;()]|[,:;()]\p{Han}`)

// screenProblems lists what lies outside the window, labels clipped without
// an ellipsis, English text on screen, and half-width punctuation in Chinese
// text (not in text fields: what people type stays as typed).
func screenProblems(u *UI) []string {
	var out []string
	win := u.win.Canvas().Size()
	var walk func(o fyne.CanvasObject, at fyne.Position, path string, scrolled bool)
	walk = func(o fyne.CanvasObject, at fyne.Position, path string, scrolled bool) {
		if o == nil || !o.Visible() {
			return
		}
		name := fmt.Sprintf("%T", o)
		// (上级目录) is Fyne's: its file dialog puts the parent folder's
		// translated name between ASCII parentheses.
		if tx, ok := o.(*canvas.Text); ok && halfWidth.MatchString(tx.Text) && !strings.Contains(path, "Entry") && !strings.HasPrefix(tx.Text, "(上级目录") {
			out = append(out, fmt.Sprintf("%s half-width punctuation in Chinese text %q", path, tx.Text))
		}
		sz := o.Size()
		if !scrolled && sz.Width > 0 && sz.Height > 0 &&
			(at.X < -1 || at.Y < -1 || at.X+sz.Width > win.Width+1 || at.Y+sz.Height > win.Height+1) {
			out = append(out, fmt.Sprintf("%s %s at %v size %v lies outside the window %v", path, name, at, sz, win))
			return
		}
		for _, text := range textsOf(o) {
			if fyneEnglish.MatchString(strings.TrimSpace(text)) {
				out = append(out, fmt.Sprintf("%s %s shows Fyne's English %q", path, name, text))
			}
		}
		if tx, ok := o.(*canvas.Text); ok && tx.TextStyle.Italic && tx.Text != "" {
			// Each text style parses the CJK font again (≈45 MB): see Theme.Font.
			out = append(out, fmt.Sprintf("%s italic text %q", path, tx.Text))
		}
		if l, ok := o.(*widget.Label); ok && !scrolled && sz.Width > 0 && l.Truncation == fyne.TextTruncateOff && l.Wrapping == fyne.TextWrapOff &&
			l.Text != "" && sz.Width+1 < l.MinSize().Width {
			out = append(out, fmt.Sprintf("%s label %q clipped without ellipsis (%.0f < %.0f)", path, l.Text, sz.Width, l.MinSize().Width))
		}
		var kids []fyne.CanvasObject
		switch o.(type) {
		case *container.Scroll, *widget.Table, *widget.List, *widget.Tree, *widget.Entry, *gridTable:
			scrolled = true // the content may be larger: it scrolls
		}
		switch w := o.(type) {
		case *fyne.Container:
			kids = w.Objects
		case *container.Scroll:
			kids = []fyne.CanvasObject{w.Content}
		case fyne.Widget:
			kids = test.WidgetRenderer(w).Objects()
		}
		for _, k := range kids {
			walk(k, at.Add(k.Position()), path+"/"+name, scrolled)
		}
	}
	walk(u.win.Canvas().Content(), fyne.NewPos(0, 0), "", false)
	for _, o := range u.win.Canvas().Overlays().List() {
		walk(o, o.Position(), "overlay", false)
	}
	return out
}

// textsOf is what an object shows as text.
func textsOf(o fyne.CanvasObject) []string {
	switch w := o.(type) {
	case *widget.Label:
		return []string{w.Text}
	case *wrapLabel:
		return []string{w.Text}
	case *canvas.Text:
		return []string{w.Text}
	case *widget.Button:
		return []string{w.Text}
	case *widget.Select:
		return []string{w.Selected, w.PlaceHolder}
	case *cellSelect:
		return []string{w.Selected, w.PlaceHolder}
	case *widget.Check:
		return []string{w.Text}
	case *widget.Hyperlink:
		return []string{w.Text}
	}
	return nil
}

func TestEveryScreenFits(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 768}, {Width: 1366, Height: 768}} {
		u := newTestUI(t)
		u.win.Resize(fitWindow(size))
		check := func(what string) {
			for _, p := range screenProblems(u) {
				t.Errorf("%v %s: %s", size, what, p)
			}
		}
		for _, d := range screens() {
			u.ShowScreen(d.id)
			check(d.id)
		}
		u.shell.showStart()
		check("start")
		if t.Failed() {
			return
		}
	}
}

// TestNoEnglishInDialogs opens the dialogs with Fyne's own strings.
func TestNoEnglishInDialogs(t *testing.T) {
	u := newTestUI(t)
	u.win.Resize(fyne.NewSize(1366, 768))
	chooseProject(u)
	u.ShowScreen("settings")
	u.shell.built["settings"].(*settingsScreen).backup().browse()
	for _, p := range screenProblems(u) {
		if !strings.Contains(p, "outside") {
			t.Error(p)
		}
	}
	// The places of the folder dialog are there, in Chinese.
	found := false
	for _, o := range u.win.Canvas().Overlays().List() {
		walkPositions(o, fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) {
			if l, ok := o.(*widget.Label); ok && (l.Text == "主文件夹" || l.Text == "计算机") {
				found = true
			}
		})
	}
	if !found {
		t.Error("the folder dialog does not list 主文件夹 or 计算机")
	}
}

func TestShortTimeIsLocal(t *testing.T) {
	old := time.Local
	time.Local = time.FixedZone("CST", 8*3600)
	defer func() { time.Local = old }()
	for in, want := range map[string]string{
		"2026-12-02T02:50:23Z":      "2026-12-02 10:50",
		"2018-05-31T17:00:00+08:00": "2018-05-31 17:00",
		"不是时间":                      "不是时间",
	} {
		if got := shortTime(in); got != want {
			t.Errorf("shortTime(%q) = %q, want %q", in, got, want)
		}
	}
}
