// Command trim cuts GitHub's GraphQL schema down to the fields a list
// names, with every type those fields and their arguments refer to.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/parser"
)

func main() {
	fields := flag.String("fields", "fields.txt", "the fields to keep, Type.field a line")
	out := flag.String("o", "schema.graphql", "where to write the trimmed schema")
	flag.Parse()
	src, err := os.ReadFile(flag.Arg(0))
	check(err)
	// Parsed, not validated: the published schema defines a field twice,
	// which gqlparser refuses; the first definition is kept.
	doc, gerr := parser.ParseSchema(&ast.Source{Name: "schema.graphql", Input: string(src)})
	if gerr != nil {
		check(gerr)
	}
	types := map[string]*ast.Definition{}
	for _, d := range doc.Definitions {
		if types[d.Name] == nil {
			types[d.Name] = d
		}
	}
	keep := map[string]map[string]bool{}
	f, err := os.Open(*fields)
	check(err)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		t, field, _ := strings.Cut(l, ".")
		if keep[t] == nil {
			keep[t] = map[string]bool{}
		}
		keep[t][field] = true
	}
	trimmed := map[string]*ast.Definition{}
	var visit func(name string)
	visit = func(name string) {
		if _, done := trimmed[name]; done {
			return
		}
		d := types[name]
		if d == nil {
			return // a built-in scalar
		}
		c := *d
		c.Directives = nil
		c.Interfaces = nil
		trimmed[name] = &c
		var fs ast.FieldList
		for _, fd := range d.Fields {
			if (d.Kind == ast.Object || d.Kind == ast.Interface) && !keep[name][fd.Name] {
				continue
			}
			fc := *fd
			fc.Directives = nil
			var args ast.ArgumentDefinitionList
			for _, a := range fd.Arguments {
				ac := *a
				ac.Directives = nil
				args = append(args, &ac)
				visit(a.Type.Name())
			}
			fc.Arguments = args
			fs = append(fs, &fc)
			visit(fd.Type.Name())
		}
		c.Fields = fs
		if d.Kind == ast.Union {
			c.Types = nil
		}
		var vals ast.EnumValueList
		for _, v := range d.EnumValues {
			vc := *v
			vc.Directives = nil
			vals = append(vals, &vc)
		}
		c.EnumValues = vals
	}
	visit("Query")
	visit("Mutation")
	s := &ast.Schema{Types: trimmed, Directives: map[string]*ast.DirectiveDefinition{}, Query: trimmed["Query"], Mutation: trimmed["Mutation"]}
	w, err := os.Create(*out)
	check(err)
	fmt.Fprintln(w, "# Cut from GitHub's public GraphQL schema (npm @octokit/graphql-schema) by update.sh; do not edit.")
	formatter.NewFormatter(w).FormatSchema(s)
	check(w.Close())
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "trim:", err)
		os.Exit(1)
	}
}
