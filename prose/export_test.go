package prose

import (
	"strings"
	"testing"
)

func TestExportHeaderDoesNotRepeatTheDocument(t *testing.T) {
	var with, without strings.Builder
	meta := ExportMeta{Title: "T", Authors: []string{"Ana"}, Theme: "one PO", Company: "Acme"}
	if err := WriteExport(&with, meta, "# T\n\n- **Theme:** one PO\n- **Organisation:** Acme\n"); err != nil {
		t.Fatal(err)
	}
	if err := WriteExport(&without, meta, "# T\n\nText.\n"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(with.String(), "<dt>Theme</dt>") || !strings.Contains(without.String(), "<dt>Theme</dt><dd>one PO</dd>") {
		t.Errorf("header meta: with the lines %v, without them %v", strings.Contains(with.String(), "<dt>Theme</dt>"), strings.Contains(without.String(), "<dt>Theme</dt>"))
	}
}
