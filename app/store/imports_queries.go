package store

// Queries of the spreadsheet import (app/sheets): the import history, its
// files, and what committing and undoing an import read and write. The
// sheets package calls these instead of sending SQL to the store's tables.

import (
	"database/sql"
	"errors"
	"fmt"

	"ecoreport/app/catalog"
)

// ImportRow is one committed import as the history lists it.
type ImportRow struct {
	ID       int64
	At       string
	Actor    string
	UndoneAt string // "" while the import stands
	Values   int    // value events written by the import
	Evidence int    // evidence items created by the import
}

// ImportFileRow is one file of an import as recorded. Counts and Problems
// are the JSON the sheets package wrote.
type ImportFileRow struct {
	ImportID        int64
	File            string
	SHA256          string
	Size            int
	Org             string
	TemplateVersion int
	ExportedAt      string
	Counts          string
	Problems        string
}

// Imports returns every import, the latest first.
func (s *Store) Imports() ([]ImportRow, error) {
	rows, err := s.db.Query(`SELECT i.id, i.at, i.actor, coalesce(i.undone_at, ''),
		(SELECT count(*) FROM value_events v WHERE v.import_id = i.id),
		(SELECT count(*) FROM evidence_items e WHERE e.import_id = i.id)
		FROM imports i ORDER BY i.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("读取导入历史：%w", translate(err))
	}
	defer rows.Close()
	var out []ImportRow
	for rows.Next() {
		var r ImportRow
		if err := rows.Scan(&r.ID, &r.At, &r.Actor, &r.UndoneAt, &r.Values, &r.Evidence); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ImportFiles returns the files of one import in the order they were read.
func (s *Store) ImportFiles(importID int64) ([]ImportFileRow, error) {
	return s.importFiles(`WHERE import_id = ? ORDER BY id`, importID)
}

// LatestImportFiles returns, per organisation, its most recent imported
// file of an import not undone.
func (s *Store) LatestImportFiles() ([]ImportFileRow, error) {
	return s.importFiles(`WHERE id IN (SELECT max(f.id) FROM import_files f JOIN imports i ON i.id = f.import_id
		WHERE i.undone_at IS NULL AND f.org != '' GROUP BY f.org) ORDER BY id`)
}

func (s *Store) importFiles(where string, args ...any) ([]ImportFileRow, error) {
	rows, err := s.db.Query(`SELECT import_id, file, file_sha256, size, org, template_version, exported_at, counts, problems
		FROM import_files `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("读取导入文件记录：%w", translate(err))
	}
	defer rows.Close()
	var out []ImportFileRow
	for rows.Next() {
		var f ImportFileRow
		if err := rows.Scan(&f.ImportID, &f.File, &f.SHA256, &f.Size, &f.Org, &f.TemplateVersion, &f.ExportedAt, &f.Counts, &f.Problems); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// ImportsOfFile returns the imports, not undone, that read a file with this
// SHA-256, oldest first.
func (s *Store) ImportsOfFile(sha256 string) ([]int64, error) {
	rows, err := s.db.Query(`SELECT DISTINCT f.import_id FROM import_files f JOIN imports i ON i.id = f.import_id
		WHERE f.file_sha256 = ? AND i.undone_at IS NULL ORDER BY f.import_id`, sha256)
	if err != nil {
		return nil, fmt.Errorf("查询导入历史：%w", translate(err))
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ImportUndoneAt tells whether an import exists and when it was undone
// ("" while it stands).
func (s *Store) ImportUndoneAt(id int64) (undoneAt string, found bool, err error) {
	var undone sql.NullString
	err = s.db.QueryRow(`SELECT undone_at FROM imports WHERE id = ?`, id).Scan(&undone)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, translate(err)
	}
	return undone.String, true, nil
}

// InsertImport records a new import inside the caller's transaction and
// returns its ID. summary is the JSON the sheets package keeps.
func (s *Store) InsertImport(tx *sql.Tx, at, actor, summary string) (int64, error) {
	res, err := tx.Exec(`INSERT INTO imports (at, actor, summary) VALUES (?, ?, ?)`, at, actor, summary)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// InsertImportFile records one file of an import inside the caller's
// transaction.
func (s *Store) InsertImportFile(tx *sql.Tx, f ImportFileRow) error {
	_, err := tx.Exec(`INSERT INTO import_files (import_id, file, file_sha256, size, org, template_version, exported_at, counts, problems)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.ImportID, f.File, f.SHA256, f.Size, f.Org, f.TemplateVersion, f.ExportedAt,
		f.Counts, f.Problems)
	return err
}

// SetEvidenceImport marks an evidence item as created by an import.
func (s *Store) SetEvidenceImport(tx *sql.Tx, evidenceID, importID int64) error {
	_, err := tx.Exec(`UPDATE evidence_items SET import_id = ? WHERE id = ?`, importID, evidenceID)
	return err
}

// CurrentValueTx reads the current value of an indicator, year and field
// inside the caller's transaction: what a write is about to replace.
// found is false when there is no value (never set, or cleared).
func (s *Store) CurrentValueTx(tx *sql.Tx, k catalog.ValueKey) (v catalog.Value, found bool, err error) {
	var num sql.NullFloat64
	var state sql.NullString
	var source string
	err = tx.QueryRow(`SELECT num, state, source FROM value_events WHERE indicator = ? AND year = ? AND field = ? ORDER BY id DESC LIMIT 1`,
		k.Code, k.Year, k.Field).Scan(&num, &state, &source)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return v, false, nil
	case err != nil:
		return v, false, err
	case num.Valid:
		return catalog.Value{Num: num.Float64, IsNum: true, Source: source}, true, nil
	case state.Valid:
		return catalog.Value{State: state.String, Source: source}, true, nil
	}
	return v, false, nil
}

// ImportedEvent is a value event written by an import.
type ImportedEvent struct {
	ID int64
	catalog.ValueKey
}

// ImportedEventsTx returns the value events an import wrote, in order.
func (s *Store) ImportedEventsTx(tx *sql.Tx, importID int64) ([]ImportedEvent, error) {
	rows, err := tx.Query(`SELECT id, indicator, year, field FROM value_events WHERE import_id = ? ORDER BY id`, importID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ImportedEvent
	for rows.Next() {
		var e ImportedEvent
		if err := rows.Scan(&e.ID, &e.Code, &e.Year, &e.Field); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// LatestEventIDTx returns the ID of the latest value event of an
// indicator, year and field.
func (s *Store) LatestEventIDTx(tx *sql.Tx, k catalog.ValueKey) (int64, error) {
	var latest int64
	err := tx.QueryRow(`SELECT max(id) FROM value_events WHERE indicator = ? AND year = ? AND field = ?`,
		k.Code, k.Year, k.Field).Scan(&latest)
	return latest, err
}

// EventBeforeTx returns, as a change that restores it, the value event of an
// indicator, year and field just before the event with the given ID. The
// change is Cleared when there was none or it cleared the value.
func (s *Store) EventBeforeTx(tx *sql.Tx, k catalog.ValueKey, before int64) (Checked, error) {
	ch := Checked{Change: Change{Code: k.Code, Year: k.Year, Field: k.Field}}
	var num sql.NullFloat64
	var state sql.NullString
	var prevImport sql.NullInt64
	err := tx.QueryRow(`SELECT raw, num, state, org, source, note, file, file_sha256, sheet, cell, import_id FROM value_events
		WHERE indicator = ? AND year = ? AND field = ? AND id < ? ORDER BY id DESC LIMIT 1`, k.Code, k.Year, k.Field, before).
		Scan(&ch.Raw, &num, &state, &ch.Org, &ch.Source, &ch.Note, &ch.File, &ch.FileSHA, &ch.Sheet, &ch.Cell, &prevImport)
	switch {
	case errors.Is(err, sql.ErrNoRows) || (err == nil && !num.Valid && !state.Valid):
		ch.Cleared, ch.Raw = true, ""
	case err != nil:
		return ch, err
	case num.Valid:
		ch.Value = catalog.Value{Num: num.Float64, IsNum: true}
	default:
		ch.Value = catalog.Value{State: state.String}
	}
	return ch, nil
}

// ImportEvidenceTx returns the evidence items an import created that are
// not deleted.
func (s *Store) ImportEvidenceTx(tx *sql.Tx, importID int64) ([]int64, error) {
	rows, err := tx.Query(`SELECT id FROM evidence_items WHERE import_id = ? AND deleted_at IS NULL ORDER BY id`, importID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// MarkImportUndoneTx records that an import was undone.
func (s *Store) MarkImportUndoneTx(tx *sql.Tx, importID int64, at string) error {
	_, err := tx.Exec(`UPDATE imports SET undone_at = ? WHERE id = ?`, at, importID)
	return err
}

// OfficeContact returns the contact person and telephone of the creation
// office (the first active organisation of kind office); both are "" when
// there is none.
func (s *Store) OfficeContact() (contact, phone string, err error) {
	err = s.db.QueryRow(`SELECT contact, phone FROM organisations WHERE kind = 'office' AND active = 1 ORDER BY sort LIMIT 1`).
		Scan(&contact, &phone)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	return contact, phone, translate(err)
}
