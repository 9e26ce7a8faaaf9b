// Command trim cuts GitHub's REST description down to the operations listed
// in a file (one operationId a line, # comments) and the components they
// refer to, so the test tree holds a small, reviewable copy. update.sh runs
// it on the description from the pinned @octokit/openapi package.
//
//	go run ./trim -ops operations.txt -o api.github.com.json api.github.com.json
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
)

func main() {
	opsFile := flag.String("ops", "operations.txt", "file listing the operationIds to keep")
	out := flag.String("o", "", "output file (required)")
	flag.Parse()
	if flag.NArg() != 1 || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: trim -ops FILE -o OUT DESCRIPTION.json")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *opsFile, *out); err != nil {
		fmt.Fprintln(os.Stderr, "trim:", err)
		os.Exit(1)
	}
}

func run(in, opsFile, out string) error {
	want, err := readOps(opsFile)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	paths, _ := doc["paths"].(map[string]any)
	components, _ := doc["components"].(map[string]any)

	kept := map[string]any{}
	found := map[string]bool{}
	for p, item := range paths {
		ops, _ := item.(map[string]any)
		keep := map[string]any{}
		for method, op := range ops {
			o, ok := op.(map[string]any)
			if !ok {
				keep[method] = op // path-level parameters
				continue
			}
			id, _ := o["operationId"].(string)
			if want[id] {
				keep[method] = o
				found[id] = true
			}
		}
		if hasOperation(keep) {
			kept[p] = keep
		}
	}
	var missing []string
	for id := range want {
		if !found[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("%s has no operation %s", in, strings.Join(missing, ", "))
	}

	// Examples are for reading, not validating; they are most of the bulk.
	stripExamples(kept)
	used := map[string]map[string]any{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				kind, name, ok := splitRef(ref)
				if !ok {
					panic("unsupported $ref " + ref)
				}
				if used[kind] == nil {
					used[kind] = map[string]any{}
				}
				if _, seen := used[kind][name]; !seen {
					section, _ := components[kind].(map[string]any)
					target, ok := section[name]
					if !ok {
						panic("dangling $ref " + ref)
					}
					stripExamples(target)
					used[kind][name] = target
					walk(target)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(kept)

	trimmed := map[string]any{
		"openapi":    doc["openapi"],
		"info":       doc["info"],
		"servers":    doc["servers"],
		"paths":      kept,
		"components": used,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(trimmed); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

func hasOperation(item map[string]any) bool {
	for k := range item {
		if k != "parameters" {
			return true
		}
	}
	return false
}

// stripExamples drops "examples" maps and "example" values, which never
// affect validation. A schema property that happens to be called "example"
// sits under "properties", which is left alone.
func stripExamples(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == "properties" {
				props, _ := x.(map[string]any)
				for _, p := range props {
					stripExamples(p)
				}
				continue
			}
			if k == "examples" || k == "example" {
				delete(v, k)
				continue
			}
			stripExamples(x)
		}
	case []any:
		for _, x := range v {
			stripExamples(x)
		}
	}
}

// splitRef parses "#/components/KIND/NAME".
func splitRef(ref string) (kind, name string, ok bool) {
	rest, ok := strings.CutPrefix(ref, "#/components/")
	if !ok {
		return "", "", false
	}
	kind, name, ok = strings.Cut(rest, "/")
	return kind, name, ok && !strings.Contains(name, "/")
}

func readOps(file string) (map[string]bool, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ops := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ops[line] = true
	}
	return ops, sc.Err()
}
