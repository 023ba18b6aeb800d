// Package evidence keeps the evidence ledger (佐证台帐) of a project: the
// evidence items per indicator and year with their history, the files attached
// to them (stored by content in the project database), the office's review of
// every item (待审 → 合格 / 需补充 → 已整改 → …) and the itemised feedback
// (条目式反馈) per organisation, the plan's milestones per organisation, and
// the completeness of the evidence.
//
// It builds on package store (the evidence_items table of 001 and its own
// tables of migration 003) and knows nothing of windows or PDF files: the
// binder, the spreadsheets and the window start from List, FeedbackByOrg,
// Completeness and MilestoneStatus.
package evidence

import (
	"fmt"
	"strings"
	"time"

	"ecoreport/app/store"
)

// State is the review state of an evidence item.
type State string

// The review states. An item nobody has reviewed yet is StatePending.
const (
	StatePending   State = "pending"    // 待审
	StateAccepted  State = "accepted"   // 合格
	StateNeedsMore State = "needs_more" // 需补充
	StateRevised   State = "revised"    // 已整改
)

// States lists the review states in workflow order.
var States = []State{StatePending, StateAccepted, StateNeedsMore, StateRevised}

// Label returns the Chinese name of a review state.
func (st State) Label() string {
	switch st {
	case StatePending:
		return "待审"
	case StateAccepted:
		return "合格"
	case StateNeedsMore:
		return "需补充"
	case StateRevised:
		return "已整改"
	}
	return string(st)
}

// ParseState reads a review state given in Chinese (合格) or as its code
// (accepted).
func ParseState(s string) (State, error) {
	s = strings.TrimSpace(s)
	for _, st := range States {
		if s == string(st) || s == st.Label() {
			return st, nil
		}
	}
	return "", fmt.Errorf("审核状态 %q 无效，应为 待审、合格、需补充 或 已整改", s)
}

// ParseClass reads an evidence class given as its letter (A, B, C, also
// lower case) or its Chinese name (指标汇总, 原始文件, 统计资料). Empty means B.
func ParseClass(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return store.ClassOriginal, nil
	}
	for _, c := range []string{store.ClassSummary, store.ClassOriginal, store.ClassStatistics} {
		if strings.EqualFold(s, c) || s == store.ClassLabel(c) {
			return c, nil
		}
	}
	return "", fmt.Errorf("佐证材料分类 %q 无效，应为 A（指标汇总）、B（原始文件）或 C（统计资料）", s)
}

// stamp is the time recorded with a change: the store's clock, so that tests
// and the demo are reproducible.
func stamp(s *store.Store) string { return s.Now().Format(time.RFC3339) }

// actorOr returns the actor, or a placeholder when it is empty: every change
// records who made it.
func actorOr(actor string) string {
	if a := strings.TrimSpace(actor); a != "" {
		return a
	}
	return "未署名"
}
