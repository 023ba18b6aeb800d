package evidence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"ecoreport/app/store"
)

// Figure is an evidence picture the office marked "用于报告": the 技术报告
// places it with its caption in its indicator's section.
type Figure struct {
	Attachment int64  `json:"attachment"`
	Item       int64  `json:"item"`
	Indicator  string `json:"indicator"`
	Caption    string `json:"caption"`
	SHA256     string `json:"sha256"`
	Mime       string `json:"mime"`
	Name       string `json:"name"`
	Actor      string `json:"actor"`
	At         string `json:"at"`
}

// maxCaption bounds a figure's caption.
const maxCaption = 60

// SetFigure marks an image attachment "用于报告" with a caption, or (used
// false) takes the mark off. Every change is kept. Only PNG and JPEG
// attachments of items not deleted can be used.
func SetFigure(s *store.Store, attachment int64, used bool, caption, actor string) error {
	a, err := GetAttachment(s, attachment)
	if err != nil {
		return fmt.Errorf("附件 %d 不存在", attachment)
	}
	caption = strings.TrimSpace(caption)
	if used {
		if a.Mime != MimePNG && a.Mime != MimeJPEG {
			return fmt.Errorf("附件「%s」不是图片（PNG 或 JPEG），不能作为报告插图", a.Name)
		}
		if caption == "" {
			return fmt.Errorf("请为插图「%s」写一个图题", a.Name)
		}
		if n := utf8.RuneCountInString(caption); n > maxCaption {
			return fmt.Errorf("图题有 %d 字，超过上限 %d 字", n, maxCaption)
		}
	}
	var deleted sql.NullString
	err = s.DB().QueryRow(`SELECT i.deleted_at FROM evidence_items i JOIN evidence_attachments a ON a.item = i.id WHERE a.id = ?`,
		attachment).Scan(&deleted)
	if err != nil {
		return err
	}
	if used && deleted.Valid {
		return fmt.Errorf("附件「%s」所属的佐证材料已删除", a.Name)
	}
	flag := 0
	if used {
		flag = 1
	}
	return s.Update(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO report_figures (attachment, used, caption, actor, at) VALUES (?, ?, ?, ?, ?)`,
			attachment, flag, caption, actorOr(actor), stamp(s))
		return err
	})
}

// Figures returns the pictures marked "用于报告" whose attachment and item
// still stand, in catalog order of their items and attachments.
func Figures(s *store.Store) ([]Figure, error) {
	rows, err := s.DB().Query(`SELECT f.attachment, a.item, i.indicator, f.caption, a.sha256, b.mime, a.name, f.actor, f.at
		FROM report_figures f
		JOIN evidence_attachments a ON a.id = f.attachment
		JOIN evidence_items i ON i.id = a.item
		JOIN evidence_blobs b ON b.sha256 = a.sha256
		WHERE f.id = (SELECT max(id) FROM report_figures g WHERE g.attachment = f.attachment)
		  AND f.used = 1 AND a.removed_at IS NULL AND i.deleted_at IS NULL
		ORDER BY i.sort, i.id, a.sort, a.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Figure
	for rows.Next() {
		var f Figure
		if err := rows.Scan(&f.Attachment, &f.Item, &f.Indicator, &f.Caption, &f.SHA256, &f.Mime, &f.Name, &f.Actor, &f.At); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// demoFigures marks the demo's photo of a river chief's sign board for the report.
func demoFigures(s *store.Store) error {
	as, err := queryAttachments(s, `a.name = ?`, "河长公示牌照片.png")
	if err != nil {
		return err
	}
	if len(as) == 0 {
		return errors.New("示例数据中没有河长公示牌照片")
	}
	return SetFigure(s, as[0].ID, true, "海陵区河道河长公示牌（示例）", DemoReviewer)
}
