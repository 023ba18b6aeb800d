package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"ecoreport/templates"
)

// TemplateActor is the actor recorded with chapters seeded from the
// default templates.
const TemplateActor = "默认模板"

// Chapter is one saved version of a narrative chapter of the reports.
type Chapter struct {
	ID    int64  `json:"id"`
	Key   string `json:"key"` // "区域概况", "主要措施/21", …
	Text  string `json:"text"`
	Actor string `json:"actor"`
	Note  string `json:"note,omitempty"`
	At    string `json:"at"`
}

// MeasuresKey is the chapter key of an indicator's own 主要措施 text.
func MeasuresKey(code string) string { return "主要措施/" + code }

// Chapters returns the current version of every chapter. A project gets the
// default templates stored when it is created or migrated; a chapter it does
// not have (one a newer program added) is returned as its default template
// without an ID, and stored only when someone saves it. Reading never writes,
// so that a read-only project can be checked and built.
func (s *Store) Chapters() (map[string]Chapter, error) {
	cur, err := s.currentChapters()
	if err != nil {
		return nil, err
	}
	for _, t := range templates.List {
		if _, ok := cur[t.Key]; !ok {
			cur[t.Key] = Chapter{Key: t.Key, Text: t.Text(), Actor: TemplateActor}
		}
	}
	return cur, nil
}

func (s *Store) currentChapters() (map[string]Chapter, error) {
	rows, err := s.db.Query(`SELECT id, key, text, actor, note, at FROM chapters c
		WHERE id = (SELECT max(id) FROM chapters m WHERE m.key = c.key)`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := map[string]Chapter{}
	for rows.Next() {
		var c Chapter
		if err := rows.Scan(&c.ID, &c.Key, &c.Text, &c.Actor, &c.Note, &c.At); err != nil {
			return nil, err
		}
		out[c.Key] = c
	}
	return out, rows.Err()
}

// SeedChapters stores the default template of every chapter the project
// does not have yet, in one transaction, and returns how many it added.
func (s *Store) SeedChapters() (int, error) {
	n := 0
	err := s.Update(context.Background(), func(tx *sql.Tx) error {
		n = 0
		for _, t := range templates.List {
			var have int
			if err := tx.QueryRow(`SELECT count(*) FROM chapters WHERE key = ?`, t.Key).Scan(&have); err != nil {
				return err
			}
			if have > 0 {
				continue
			}
			if _, err := tx.Exec(`INSERT INTO chapters (key, text, actor, note, at) VALUES (?, ?, ?, ?, ?)`,
				t.Key, t.Text(), TemplateActor, "由默认模板 "+t.File+" 生成", s.now()); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// SaveChapter records a new version of a chapter. Saving the text the
// chapter already has records nothing.
func (s *Store) SaveChapter(key, text, actor, note string) error {
	key = strings.TrimSpace(key)
	if key == "" {
		return fmt.Errorf("章节名称不能为空")
	}
	if actor == "" {
		return fmt.Errorf("保存章节「%s」：请注明修改人", key)
	}
	return s.Update(context.Background(), func(tx *sql.Tx) error {
		var cur string
		err := tx.QueryRow(`SELECT text FROM chapters WHERE key = ? ORDER BY id DESC LIMIT 1`, key).Scan(&cur)
		if err == nil && cur == text {
			return nil
		}
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		_, err = tx.Exec(`INSERT INTO chapters (key, text, actor, note, at) VALUES (?, ?, ?, ?, ?)`, key, text, actor, note, s.now())
		return err
	})
}

// ChapterHistory returns every saved version of a chapter, oldest first.
func (s *Store) ChapterHistory(key string) ([]Chapter, error) {
	rows, err := s.db.Query(`SELECT id, key, text, actor, note, at FROM chapters WHERE key = ? ORDER BY id`, key)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []Chapter
	for rows.Next() {
		var c Chapter
		if err := rows.Scan(&c.ID, &c.Key, &c.Text, &c.Actor, &c.Note, &c.At); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ChapterKeys returns the keys of all chapters the project has, sorted.
func (s *Store) ChapterKeys() ([]string, error) {
	cur, err := s.currentChapters()
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(cur))
	for k := range cur {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, nil
}
