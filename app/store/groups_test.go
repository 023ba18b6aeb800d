package store_test

import (
	"slices"
	"strings"
	"testing"

	"ecoreport/app/catalog"
)

// TestSetGroupMembers: the office edits who belongs to 各镇街、园区; a member
// that is not registered, or is itself a group, is refused and nothing
// changes.
func TestSetGroupMembers(t *testing.T) {
	s, _ := newProject(t)
	if err := s.AddOrganisation(catalog.Organisation{ID: "chengdong", Name: "城东街道", Kind: catalog.KindTown}, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SetGroupMembers("各镇街、园区", []string{"九龙镇", "chengdong"}); err != nil {
		t.Fatal(err)
	}
	members := func() []string {
		cat, err := s.Catalog()
		if err != nil {
			t.Fatal(err)
		}
		g, _ := cat.Org("towns-parks")
		return g.Members
	}
	if got := members(); !slices.Equal(got, []string{"jiulong", "chengdong"}) {
		t.Errorf("members %v", got)
	}
	for _, bad := range [][]string{{"九龙镇", "城西街道"}, {"各镇街、园区"}} {
		err := s.SetGroupMembers("towns-parks", bad)
		if err == nil || !strings.ContainsAny(err.Error(), "未登记单位组") {
			t.Errorf("SetGroupMembers(%v) = %v", bad, err)
		}
	}
	if err := s.SetGroupMembers("env", []string{"九龙镇"}); err == nil {
		t.Error("a department accepted members")
	}
	if got := members(); !slices.Equal(got, []string{"jiulong", "chengdong"}) {
		t.Errorf("a refused change changed the members: %v", got)
	}
}
