package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"ecoreport/app/store"
)

// parseEvidenceIDs reads --evidence: item numbers separated by commas
// (全角逗号、顿号 too); "" or "无" clears the references.
func parseEvidenceIDs(s string) ([]int64, error) {
	s = strings.TrimSpace(s)
	ids := []int64{}
	if s == "" || s == "无" {
		return ids, nil
	}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' }) {
		id, err := strconv.ParseInt(strings.TrimPrefix(f, "#"), 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("佐证材料编号 %q 无效，应为 evidence-list 中的编号，多个用逗号分隔（如 3,12）", f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func init() {
	register(&command{
		name:    "conditions",
		summary: "列出申报基本条件及创建办的核实结论（满足、不满足、待确认）",
		usage:   "[--db 文件] [--json]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			asJSON := jsonFlag(fs)
			return func(e *env) error {
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				conds, err := s.Conditions()
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(e, conds)
				}
				items, err := s.EvidenceItems()
				if err != nil {
					return err
				}
				titles := map[int64]string{}
				for _, it := range items {
					titles[it.ID] = it.Title
				}
				counts := map[store.ConditionState]int{}
				for _, c := range conds {
					counts[c.State]++
					fmt.Fprintf(e.stdout, "%s. [%s] %s\n", c.Key, c.State.Label(), c.Title)
					if c.Note != "" {
						fmt.Fprintf(e.stdout, "   情况说明：%s\n", c.Note)
					}
					for _, id := range c.Evidence {
						fmt.Fprintf(e.stdout, "   佐证材料 %d：%s\n", id, titles[id])
					}
					if c.At != "" {
						fmt.Fprintf(e.stdout, "   %s %s\n", c.Actor, shortAt(c.At))
					}
				}
				fmt.Fprintf(e.stdout, "共 %d 项：满足 %d，不满足 %d，待确认 %d\n", len(conds),
					counts[store.ConditionMet], counts[store.ConditionNotMet], counts[store.ConditionUnconfirmed])
				return nil
			}
		},
	})

	register(&command{
		name:    "condition-set",
		summary: "核实一项申报基本条件：结论、情况说明和佐证材料（保留历史；新编号且给出 --title 时新增条件）",
		usage:   "[--db 文件] --id 编号 [--state 满足|不满足|待确认] [--note 情况说明] [--evidence 材料编号,...] [--title 条件名称] [--by 操作人]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			key := fs.String("id", "", "条件编号（conditions 列出的序号）")
			state := fs.String("state", "", "满足、不满足 或 待确认（不给时保持原结论）")
			note := fs.String("note", "", "情况说明（不给时保持原说明）")
			ev := fs.String("evidence", "", "佐证材料编号（evidence-list 中的编号），多个用逗号分隔；“无”表示清除")
			title := fs.String("title", "", "条件名称（改写现有条件或新增条件时）")
			by := actorFlag(fs)
			return func(e *env) error {
				if strings.TrimSpace(*key) == "" {
					return usageError("请指定 --id（条件编号）")
				}
				var ids []int64
				if flagGiven(fs, "evidence") {
					var err error
					if ids, err = parseEvidenceIDs(*ev); err != nil {
						return err
					}
				}
				s, err := e.projectToChange(*db)
				if err != nil {
					return err
				}
				conds, err := s.Conditions()
				if err != nil {
					return err
				}
				c := store.Condition{Key: strings.TrimSpace(*key), State: store.ConditionUnconfirmed}
				for _, o := range conds {
					if o.Key == c.Key {
						c = o
					}
				}
				if flagGiven(fs, "state") {
					if c.State, err = store.ParseConditionState(*state); err != nil {
						return err
					}
				}
				if flagGiven(fs, "note") {
					c.Note = *note
				}
				if flagGiven(fs, "evidence") {
					c.Evidence = ids
				}
				if flagGiven(fs, "title") {
					if strings.TrimSpace(*title) == "" {
						return fmt.Errorf("--title 不能为空")
					}
					c.Title = *title
				}
				c.Actor, c.Origin = *by, "cli"
				if err := s.SetCondition(context.Background(), c); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "基本条件 %s：%s\n", c.Key, c.State.Label())
				return nil
			}
		},
	})
}
