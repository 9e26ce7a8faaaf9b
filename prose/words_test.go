package prose

import "testing"

func TestCountWords(t *testing.T) {
	tests := []struct {
		name, in string
		want     int
	}{
		{"empty", "", 0},
		{"blanks", " \n\t \n", 0},
		{"plain", "The team met daily.", 4},
		{"several blanks", "two  \t words\n", 2},
		{"heading and list markers", "# Why LeSS\n\n- one team\n* two teams\n+ three\n", 7},
		{"table", "| Team | Size |\n|------|-----:|\n| Red  | 7    |\n", 4},
		{"thematic break and emphasis", "---\n\n**bold** _it_ ** __ ~~\n", 2},
		{"numbers are words", "In 2019, 3 teams.", 4},
		{"ordered list marker has a digit", "1. First\n", 2},
		{"punctuation alone", "— ... (?) «»", 0},
		{"hyphen and apostrophe keep a word whole", "cross-functional don't", 2},
		{"accents", "Übergröße café naïve", 3},
		{"cjk runs count as one word each", "日本語 テキスト", 2},
		{"comment", "<!-- Say who you are and when. -->\nI coached two teams.\n", 4},
		{"multi-line comment", "Before.\n<!--\nguidance\nover lines\n-->\nAfter.", 2},
		{"comment joins a word as it renders", "foo<!-- x -->bar", 1},
		{"unclosed comment runs to the end", "Seen. <!-- never closed\nhidden words", 1},
		{"empty comments", "a <!--> b <!---> c", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CountWords(tt.in); got != tt.want {
				t.Errorf("CountWords(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestStripComments(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"none", "# Title\n\nText.\n", "# Title\n\nText.\n"},
		{"comment-only line is dropped", "# Title\n<!-- guidance -->\nText.\n", "# Title\nText.\n"},
		{"indented comment-only line is dropped", "Text.\n   <!-- guidance -->  \nMore.\n", "Text.\nMore.\n"},
		{"blank lines stay", "A.\n\n<!-- g -->\n\nB.\n", "A.\n\n\nB.\n"},
		{"comment after a sentence", "First. <!-- note -->\nSecond.\n", "First.\nSecond.\n"},
		{"comment inside a sentence", "The <!-- which? --> team.\n", "The  team.\n"},
		{"multi-line comment", "A.\n<!--\nline one\nline two\n-->\nB.\n", "A.\nB.\n"},
		{"text around a multi-line comment keeps its lines", "A. <!-- start\nmiddle\nend --> B.\nC.\n", "A.\n B.\nC.\n"},
		{"two comments on a line", "<!-- a --> x <!-- b -->\n", " x\n"},
		{"unclosed comment", "A.\n<!-- open\nB.\n", "A.\n"},
		{"empty comments", "a<!-->b<!--->c\n", "abc\n"},
		{"crlf", "A.\r\n<!-- g -->\r\nB. <!-- h -->\r\n", "A.\r\nB.\r\n"},
		{"no final newline", "A.\n<!-- g -->", "A.\n"},
		{"arrow in text is not a comment end", "a --> b\n", "a --> b\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StripComments(tt.in); got != tt.want {
				t.Errorf("StripComments(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
