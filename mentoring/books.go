package mentoring

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
)

// Book is one of the LeSS books that reflect picks a page from.
type Book struct {
	// Key names the book in the books: section of casestudy.yaml, where the
	// page count of another edition can be given.
	Key     string `json:"key"`
	Title   string `json:"title"`
	Edition string `json:"edition"`
	Pages   int    `json:"pages"`
}

// The three LeSS books by Craig Larman and Bas Vodde, first editions, with
// the page counts found for them. The 2016 count is weakly sourced (listings
// disagree), and other printings differ: casestudy.yaml can override any of
// them (books: {practices: 640}).
var lessBooks = []Book{
	{Key: "scaling", Title: "Scaling Lean & Agile Development", Edition: "first edition, Addison-Wesley, 2008", Pages: 368},
	{Key: "practices", Title: "Practices for Scaling Lean & Agile Development", Edition: "first edition, Addison-Wesley, 2010", Pages: 624},
	{Key: "more-with-less", Title: "Large-Scale Scrum: More with LeSS", Edition: "first edition, Addison-Wesley, 2016", Pages: 368},
}

// MaxPages bounds a page count given in casestudy.yaml.
const MaxPages = 5000

// BookKeys are the keys the books: section of casestudy.yaml accepts.
func BookKeys() []string {
	var keys []string
	for _, b := range lessBooks {
		keys = append(keys, b.Key)
	}
	return keys
}

// CheckBookPages checks one override of a page count.
func CheckBookPages(key string, pages int) error {
	found := false
	for _, b := range lessBooks {
		found = found || b.Key == key
	}
	if !found {
		return fmt.Errorf("unknown book %q; the books are %s", key, strings.Join(BookKeys(), ", "))
	}
	if pages < 1 || pages > MaxPages {
		return fmt.Errorf("book %q: the page count must be from 1 to %d, not %d", key, MaxPages, pages)
	}
	return nil
}

// Books are the LeSS books with the page counts of overrides (key → pages)
// applied.
func Books(overrides map[string]int) ([]Book, error) {
	keys := make([]string, 0, len(overrides))
	for k := range overrides {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := CheckBookPages(k, overrides[k]); err != nil {
			return nil, err
		}
	}
	out := append([]Book(nil), lessBooks...)
	for i := range out {
		if p, ok := overrides[out[i].Key]; ok {
			out[i].Pages = p
		}
	}
	return out, nil
}

// Pick chooses a page of one of the books, every page of every book equally
// likely, so a book's chance is its share of all the pages.
func Pick(books []Book, r *rand.Rand) (Book, int) {
	total := 0
	for _, b := range books {
		total += b.Pages
	}
	if total <= 0 {
		return Book{}, 0
	}
	n := r.IntN(total)
	for _, b := range books {
		if n < b.Pages {
			return b, n + 1
		}
		n -= b.Pages
	}
	panic("unreachable")
}

// ReflectionTopic is the journal topic of a reflection on a page.
func ReflectionTopic(b Book, page int) string {
	return fmt.Sprintf("%s%s, page %d", ReflectionPrefix, b.Title, page)
}
