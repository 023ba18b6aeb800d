package sheets

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"ecoreport/app/catalog"
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
	rows, err := s.DB().Query(`SELECT i.id, i.at, i.actor, coalesce(i.undone_at, ''),
		(SELECT count(*) FROM value_events v WHERE v.import_id = i.id),
		(SELECT count(*) FROM evidence_items e WHERE e.import_id = i.id)
		FROM imports i ORDER BY i.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("读取导入历史: %w", err)
	}
	var out []ImportRecord
	for rows.Next() {
		var r ImportRecord
		if err := rows.Scan(&r.ID, &r.At, &r.Actor, &r.UndoneAt, &r.Values, &r.Evidence); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Files, err = importFiles(s.DB(), `WHERE import_id = ? ORDER BY id`, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func importFiles(db *sql.DB, where string, args ...any) ([]ImportFile, error) {
	rows, err := db.Query(`SELECT file, file_sha256, size, org, exported_at, counts, problems FROM import_files `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("读取导入文件记录: %w", err)
	}
	defer rows.Close()
	out := []ImportFile{}
	for rows.Next() {
		var f ImportFile
		var counts, probs string
		if err := rows.Scan(&f.File, &f.SHA256, &f.Size, &f.Org, &f.ExportedAt, &counts, &probs); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(counts), &f.Counts)
		json.Unmarshal([]byte(probs), &f.Problems)
		out = append(out, f)
	}
	return out, rows.Err()
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
// it replaced (or cleared) by a new value event, so the history keeps both;
// values changed again since are left alone and listed; the evidence items it
// created are marked deleted; the import is marked undone.
func Undo(ctx context.Context, s *store.Store, id int64, actor string) (*UndoReport, error) {
	if actor == "" {
		actor = "撤销导入"
	}
	var undone sql.NullString
	err := s.DB().QueryRow(`SELECT undone_at FROM imports WHERE id = ?`, id).Scan(&undone)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("导入记录 #%d 不存在(用 imports 命令查看导入历史)", id)
	}
	if err != nil {
		return nil, err
	}
	if undone.Valid {
		return nil, fmt.Errorf("导入 #%d 已于 %s 撤销过", id, undone.String)
	}
	rep := &UndoReport{ImportID: id, Kept: []string{}}
	now := s.Now().Format(time.RFC3339)
	err = s.Update(ctx, func(tx *sql.Tx) error {
		type ev struct {
			id          int64
			code, field string
			year        int
		}
		rows, err := tx.Query(`SELECT id, indicator, year, field FROM value_events WHERE import_id = ? ORDER BY id`, id)
		if err != nil {
			return err
		}
		var evs []ev
		for rows.Next() {
			var e ev
			if err := rows.Scan(&e.id, &e.code, &e.year, &e.field); err != nil {
				rows.Close()
				return err
			}
			evs = append(evs, e)
		}
		rows.Close()
		for _, e := range evs {
			var latest int64
			if err := tx.QueryRow(`SELECT max(id) FROM value_events WHERE indicator = ? AND year = ? AND field = ?`,
				e.code, e.year, e.field).Scan(&latest); err != nil {
				return err
			}
			if latest != e.id {
				rep.Kept = append(rep.Kept, fmt.Sprintf("指标 %s %d年:导入后已再次修改,保留现值", e.code, e.year))
				continue
			}
			ch := store.Checked{Change: store.Change{Code: e.code, Year: e.year, Field: e.field}}
			var num sql.NullFloat64
			var state sql.NullString
			var prevImport sql.NullInt64
			err := tx.QueryRow(`SELECT raw, num, state, org, source, file, file_sha256, sheet, cell, import_id FROM value_events
				WHERE indicator = ? AND year = ? AND field = ? AND id < ? ORDER BY id DESC LIMIT 1`, e.code, e.year, e.field, e.id).
				Scan(&ch.Raw, &num, &state, &ch.Org, &ch.Source, &ch.File, &ch.FileSHA, &ch.Sheet, &ch.Cell, &prevImport)
			switch {
			case errors.Is(err, sql.ErrNoRows) || (!num.Valid && !state.Valid):
				ch.Cleared, ch.Raw = true, ""
			case err != nil:
				return err
			case num.Valid:
				ch.Value = catalog.Value{Num: num.Float64, IsNum: true}
			default:
				ch.Value = catalog.Value{State: state.String}
			}
			ch.Actor, ch.Origin = actor, "undo"
			ch.Note = fmt.Sprintf("撤销导入 #%d,恢复为导入前的值", id)
			if err := s.InsertValue(tx, ch); err != nil {
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
		var items []int64
		rows, err = tx.Query(`SELECT id FROM evidence_items WHERE import_id = ? AND deleted_at IS NULL ORDER BY id`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var item int64
			if err := rows.Scan(&item); err != nil {
				rows.Close()
				return err
			}
			items = append(items, item)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
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
		_, err = tx.Exec(`UPDATE imports SET undone_at = ? WHERE id = ?`, now, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("撤销导入 #%d: %w", id, err)
	}
	return rep, nil
}

// LatestProblems returns, per organisation, the errors found in its most
// recent imported file (of an import not undone), for the feedback.
func LatestProblems(s *store.Store) (map[string][]Problem, error) {
	files, err := importFiles(s.DB(), `WHERE id IN (SELECT max(f.id) FROM import_files f JOIN imports i ON i.id = f.import_id
		WHERE i.undone_at IS NULL AND f.org != '' GROUP BY f.org)`)
	if err != nil {
		return nil, err
	}
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
