package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"ecoreport/app/catalog"
)

func init() {
	register(&command{
		name:    "group",
		summary: "查看或修改单位组（如「各镇街、园区」）的成员",
		usage:   "[--db 文件] [--group 单位组] [--set 成员,成员…] [--add 单位] [--remove 单位] [--new-town 名称 --id 标识]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			group := fs.String("group", "各镇街、园区", "单位组的标识或名称")
			set := fs.String("set", "", "用这些单位（标识或名称，逗号分隔）替换全部成员")
			add := fs.String("add", "", "加入一个已登记的单位")
			remove := fs.String("remove", "", "移出一个单位")
			newTown := fs.String("new-town", "", "登记一个新的镇、街道或园区并加入单位组")
			newID := fs.String("id", "", "新单位的标识（与 --new-town 一起用，如 chengdong）")
			return func(e *env) error {
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				orgs, err := s.Organisations()
				if err != nil {
					return err
				}
				var g *catalog.Organisation
				for i := range orgs {
					if orgs[i].ID == *group || orgs[i].Name == *group {
						g = &orgs[i]
					}
				}
				if g == nil || g.Kind != catalog.KindGroup {
					return fmt.Errorf("单位组「%s」不存在", *group)
				}
				members := slices.Clone(g.Members)
				changed := false
				switch {
				case *newTown != "":
					if *newID == "" {
						return usageError("请用 --id 给新单位「%s」一个标识（字母、数字或连字符）", *newTown)
					}
					if err := s.AddOrganisation(catalog.Organisation{ID: *newID, Name: *newTown, Kind: catalog.KindTown}, g.ID); err != nil {
						return err
					}
					members = append(members, *newID)
					changed = true
				case flagGiven(fs, "set"):
					members = nil
					for _, m := range strings.FieldsFunc(*set, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
						members = append(members, strings.TrimSpace(m))
					}
					changed = true
				case *add != "":
					members = append(members, *add)
					changed = true
				case *remove != "":
					i := -1
					for j, m := range members {
						if o, ok := findOrg(orgs, *remove); ok && o.ID == m {
							i = j
						}
					}
					if i < 0 {
						return fmt.Errorf("「%s」不是单位组「%s」的成员", *remove, g.Name)
					}
					members = slices.Delete(members, i, i+1)
					changed = true
				}
				if changed {
					demoNote(e, *db)
					if err := s.SetGroupMembers(g.ID, members); err != nil {
						return err
					}
					if orgs, err = s.Organisations(); err != nil {
						return err
					}
					g, _ = findOrg(orgs, g.ID)
				}
				var names []string
				for _, m := range g.Members {
					if o, ok := findOrg(orgs, m); ok {
						names = append(names, o.Name)
					}
				}
				fmt.Fprintf(e.stdout, "单位组「%s」共 %d 个成员：%s\n", g.Name, len(names), strings.Join(names, "、"))
				return nil
			}
		},
	})
}

func findOrg(orgs []catalog.Organisation, s string) (*catalog.Organisation, bool) {
	for i := range orgs {
		if orgs[i].ID == s || orgs[i].Name == s || slices.Contains(orgs[i].Aliases, s) {
			return &orgs[i], true
		}
	}
	return nil, false
}
