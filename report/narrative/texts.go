package narrative

import (
	"fmt"
	"time"

	"ecoreport/app/assess"
	"ecoreport/app/store"
)

// CheckText validates an indicator's text (主要措施, 主要成效, 存在问题) before it
// is stored, whoever writes it (the window, the command line, the spreadsheet
// import): a known indicator and field, at most store.MaxNarrativeChars
// characters, and every placeholder resolvable against the project's data
// ({{指标值 27 2017}} for a known indicator, not {{指标值 99 2017}}).
func CheckText(a *assess.Assessment, code string, f store.NarrativeField, text string) error {
	if err := store.CheckNarrative(a.Catalog, code, f, text); err != nil {
		return err
	}
	name := fmt.Sprintf("指标 %s %s", code, f.Label())
	if _, err := Expand(name, text, &Data{A: a, Snapshot: time.Now()}); err != nil {
		return err
	}
	return nil
}

// Preview expands an indicator's text with the project's data, for an editor
// that shows what the report will print.
func Preview(a *assess.Assessment, code string, f store.NarrativeField, text string) (string, error) {
	return Expand(fmt.Sprintf("指标 %s %s", code, f.Label()), text, &Data{A: a, Snapshot: time.Now()})
}
