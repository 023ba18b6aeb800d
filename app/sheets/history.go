package sheets

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"ecoreport/app/evidence"
	"ecoreport/app/store"
)

// ImportRecord is one committed import as the history lists it.
type ImportRecord struct {
	ID       int64        `json:"id"`
	At       string       `json:"at"`
	Actor    string       `json:"actor"`
	UndoneAt string       `json:"undone_at,omitempty"`
	Values   int          `json:"values"` // value events written
	Evidence int          `json:"evidence"`
	Files    []ImportFile `json:"files"`
}

// ImportFile is one file of an import.
type ImportFile struct {
	File       string    `json:"file"`
	SHA256     string    `json:"sha256"`
	Size       int       `json:"size"`
	Org        string    `json:"org"`
	ExportedAt string    `json:"exported_at,omitempty"`
	Counts     Counts    `json:"counts"`
	Problems   []Problem `json:"problems"`
}

// Imports returns the history of imports, the latest first.
func Imports(s *store.Store) ([]ImportRecord, error) {
	rows, err := s.Imports()
	if err != nil {
		return nil, err
	}
	var out []ImportRecord
	for _, r := range rows {
		rec := ImportRecord{ID: r.ID, At: r.At, Actor: r.Actor, UndoneAt: r.UndoneAt, Values: r.Values, Evidence: r.Evidence}
		files, err := s.ImportFiles(r.ID)
		if err != nil {
			return nil, err
		}
		rec.Files = importFiles(files)
		out = append(out, rec)
	}
	return out, nil
}

// importFiles decodes the recorded files of an import.
func importFiles(rows []store.ImportFileRow) []ImportFile {
	out := []ImportFile{}
	for _, r := range rows {
		f := ImportFile{File: r.File, SHA256: r.SHA256, Size: r.Size, Org: r.Org, ExportedAt: r.ExportedAt}
		// Written by commit from the same types: a decoding error leaves
		// the zero value, as before.
		_ = json.Unmarshal([]byte(r.Counts), &f.Counts)
		_ = json.Unmarshal([]byte(r.Problems), &f.Problems)
		out = append(out, f)
	}
	return out
}

// UndoReport says what undoing an import did.
type UndoReport struct {
	ImportID int64 `json:"import_id"`
	Restored int   `json:"restored"` // values set back to what they were before
	// Kept lists values changed again after the import: they are left as
	// they are, and say so.
	Kept     []string `json:"kept"`
	Evidence int      `json:"evidence_removed"`
}

// Undo undoes a whole import: every value it wrote is set back to the value
// it replaced (or cleared), with that value's 数据来源 and 备注, by a new
// value event of origin "undo", so the history keeps both;
// values changed again since are left alone and listed; the evidence items it
// created are marked deleted; the import is marked undone.
func Undo(ctx context.Context, s *store.Store, id int64, actor string) (*UndoReport, error) {
	if actor == "" {
		actor = "撤销导入"
	}
	undone, found, err := s.ImportUndoneAt(id)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("导入记录 #%d 不存在（用 imports 命令查看导入历史）", id)
	}
	if undone != "" {
		return nil, fmt.Errorf("导入 #%d 已于 %s 撤销过", id, undone)
	}
	rep := &UndoReport{ImportID: id, Kept: []string{}}
	now := s.Now().Format(time.RFC3339)
	err = s.Update(ctx, func(tx *sql.Tx) error {
		evs, err := s.ImportedEventsTx(tx, id)
		if err != nil {
			return err
		}
		for _, e := range evs {
			latest, err := s.LatestEventIDTx(tx, e.ValueKey)
			if err != nil {
				return err
			}
			if latest != e.ID {
				rep.Kept = append(rep.Kept, fmt.Sprintf("指标 %s %d年：导入后已再次修改，保留现值", e.Code, e.Year))
				continue
			}
			ch, err := s.EventBeforeTx(tx, e.ValueKey, e.ID)
			if err != nil {
				return err
			}
			// The value, its 数据来源 and its 备注 as they were; the
			// event's origin says it undoes an import.
			ch.Actor, ch.Origin = actor, "undo"
			if err := s.RestoreValue(tx, ch); err != nil {
				return err
			}
			rep.Restored++
		}
		restored, kept, err := s.UndoNarratives(tx, id, actor)
		if err != nil {
			return err
		}
		rep.Restored += restored
		rep.Kept = append(rep.Kept, kept...)
		// Evidence items go through the ledger, so that their history
		// shows the deletion and who undid the import.
		items, err := s.ImportEvidenceTx(tx, id)
		if err != nil {
			return err
		}
		for _, item := range items {
			done, err := evidence.DeleteTx(tx, item, actor, fmt.Sprintf("撤销导入 #%d", id), now)
			if err != nil {
				return err
			}
			if done {
				rep.Evidence++
			}
		}
		return s.MarkImportUndoneTx(tx, id, now)
	})
	if err != nil {
		return nil, fmt.Errorf("撤销导入 #%d：%w", id, err)
	}
	return rep, nil
}

// LatestProblems returns, per organisation, the errors found in its most
// recent imported file (of an import not undone), for the feedback.
func LatestProblems(s *store.Store) (map[string][]Problem, error) {
	rows, err := s.LatestImportFiles()
	if err != nil {
		return nil, err
	}
	files := importFiles(rows)
	out := map[string][]Problem{}
	for _, f := range files {
		for _, p := range f.Problems {
			if p.Severity == Error {
				out[f.Org] = append(out[f.Org], p)
			}
		}
	}
	return out, nil
}
