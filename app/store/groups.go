package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"ecoreport/app/catalog"
)

// SetGroupMembers replaces the members of an organisation group (各镇街、园区:
// the towns, streets and parks the office counts in). Every member must be a
// registered organisation that is not itself a group; nothing changes when one
// is not.
func (s *Store) SetGroupMembers(group string, members []string) error {
	orgs, err := s.Organisations()
	if err != nil {
		return err
	}
	find := func(id string) (catalog.Organisation, bool) {
		for _, o := range orgs {
			if o.ID == id || o.Name == id || slices.Contains(o.Aliases, id) {
				return o, true
			}
		}
		return catalog.Organisation{}, false
	}
	g, ok := find(group)
	if !ok {
		return fmt.Errorf("单位组「%s」不存在", group)
	}
	if g.Kind != catalog.KindGroup {
		return fmt.Errorf("「%s」不是单位组（它是一个单位），不能设置成员", g.Name)
	}
	var ids []string
	for _, m := range members {
		o, ok := find(m)
		if !ok {
			return fmt.Errorf("单位「%s」未登记，请先登记该单位再加入单位组「%s」", m, g.Name)
		}
		if o.Kind == catalog.KindGroup {
			return fmt.Errorf("「%s」本身是单位组，不能作为单位组「%s」的成员", o.Name, g.Name)
		}
		if !slices.Contains(ids, o.ID) {
			ids = append(ids, o.ID)
		}
	}
	return s.Update(context.Background(), func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM group_members WHERE group_id = ?`, g.ID); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.Exec(`INSERT INTO group_members (group_id, org_id) VALUES (?, ?)`, g.ID, id); err != nil {
				return err
			}
		}
		return nil
	})
}
