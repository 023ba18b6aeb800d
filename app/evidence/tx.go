package evidence

import (
	"database/sql"
	"fmt"
	"strings"
)

// DeleteTx marks an item deleted inside the caller's transaction and records
// the deletion in the item's history, as Delete does, so that a larger change
// (e.g. undoing an import) stays one transaction. at is the time stamp
// (RFC 3339, as the store's clock gives it). An item already deleted is left
// alone and reported as not deleted.
func DeleteTx(tx *sql.Tx, id int64, actor, reason, at string) (bool, error) {
	_, deleted, err := readItem(tx, id)
	if err != nil {
		return false, err
	}
	if deleted {
		return false, nil
	}
	if _, err := tx.Exec(`UPDATE evidence_items SET deleted_at = ? WHERE id = ?`, at, id); err != nil {
		return false, fmt.Errorf("删除佐证材料 %d：%w", id, err)
	}
	return true, addEvent(tx, Event{Item: id, Kind: KindDelete, Feedback: strings.TrimSpace(reason), Actor: actorOr(actor), At: at})
}
