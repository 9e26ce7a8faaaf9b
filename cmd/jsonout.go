package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/itchyny/gojq"
	"github.com/urfave/cli/v2"
)

// jsonFlags are --json FIELDS and --jq EXPR of a read command, as gh has
// them; sample is a value of what the command prints, whose JSON field
// names the help lists.
func jsonFlags(sample any) []cli.Flag {
	fields := jsonFields(reflect.TypeOf(sample))
	return []cli.Flag{
		&cli.StringFlag{Name: "json", Usage: "print JSON for scripts, only the `FIELDS` named (comma-separated; all when none): " + strings.Join(fields, ", ")},
		&cli.StringFlag{Name: "jq", Usage: "filter the JSON through the jq `EXPR`ession (implies --json)"},
	}
}

// jsonOptions are --json and --jq as a command read them.
type jsonOptions struct {
	Command string // the command's name, for messages
	Fields  string // --json's comma-separated fields, "" for all
	JQ      string
	Wanted  bool // --json or --jq given: JSON instead of text
}

// readJSONFlags reads jsonFlags.
func readJSONFlags(c *cli.Context) jsonOptions {
	return jsonOptions{Command: c.Command.Name, Fields: c.String("json"), JQ: c.String("jq"), Wanted: c.IsSet("json") || c.IsSet("jq")}
}

// jsonFields lists the JSON names of a struct's fields (of a slice's
// element), embedded structs included, in order.
func jsonFields(t reflect.Type) []string {
	for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice) {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		switch {
		case name == "-" || !f.IsExported():
			continue
		case f.Anonymous && name == "":
			out = append(out, jsonFields(f.Type)...)
			continue
		case name == "":
			name = f.Name
		}
		out = append(out, name)
	}
	return out
}

// fieldList is what --json takes: words separated by commas. It tells a
// field list from a positional argument that follows a bare --json.
var fieldList = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(,[A-Za-z_][A-Za-z0-9_]*)*$`)

// write prints v as JSON: the fields --json names, through --jq's
// expression when there is one.
func (j jsonOptions) write(io *streams, v any) error {
	if strings.TrimSpace(j.Fields) == "" && j.JQ == "" {
		return printJSON(io, v) // every field, in the order the type has them
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return err
	}
	if fields := strings.TrimSpace(j.Fields); fields != "" {
		known := jsonFields(reflect.TypeOf(v))
		var want []string
		for _, f := range strings.Split(fields, ",") {
			f = strings.TrimSpace(f)
			if !contains(known, f) {
				return usagef("--json: %s has no field %q; the fields are: %s", j.Command, f, strings.Join(known, ", "))
			}
			want = append(want, f)
		}
		doc = pick(doc, want)
	}
	if expr := j.JQ; expr != "" {
		return writeJQ(io, expr, numbersToGo(doc))
	}
	return printJSON(io, doc)
}

func printJSON(io *streams, v any) error {
	enc := json.NewEncoder(io.Out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // text for scripts, not for a web page
	return enc.Encode(v)
}

// pick keeps only the named fields of an object, or of each object of a
// list.
func pick(doc any, fields []string) any {
	switch d := doc.(type) {
	case map[string]any:
		out := map[string]any{}
		for _, f := range fields {
			if v, ok := d[f]; ok {
				out[f] = v
			} else {
				out[f] = nil
			}
		}
		return out
	case []any:
		for i := range d {
			d[i] = pick(d[i], fields)
		}
	}
	return doc
}

// writeJQ runs a jq expression with gojq and prints each result as gh
// does: strings as they are, everything else as JSON.
func writeJQ(io *streams, expr string, doc any) error {
	q, err := gojq.Parse(expr)
	if err != nil {
		return usagef("--jq %q: %v", expr, err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return usagef("--jq %q: %v", expr, err)
	}
	iter := code.Run(doc)
	for {
		v, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, ok := v.(error); ok {
			if h, ok := err.(*gojq.HaltError); ok && h.Value() == nil {
				return nil
			}
			return fmt.Errorf("--jq: %v", err)
		}
		if s, ok := v.(string); ok {
			fmt.Fprintln(io.Out, s)
			continue
		}
		if err := printJSON(io, v); err != nil {
			return err
		}
	}
}

// numbersToGo turns json.Number into the int and float64 gojq works with.
func numbersToGo(v any) any {
	switch d := v.(type) {
	case json.Number:
		if i, err := d.Int64(); err == nil {
			return int(i)
		}
		f, _ := d.Float64()
		return f
	case map[string]any:
		for k, x := range d {
			d[k] = numbersToGo(x)
		}
	case []any:
		for i, x := range d {
			d[i] = numbersToGo(x)
		}
	}
	return v
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
