# lib.sh: what the whole-process benchmarks share. Source it after setting
# tmp (a scratch directory); it needs bash 5 for EPOCHREALTIME.

export LC_ALL=C # EPOCHREALTIME and awk agree on the decimal point

# throwaway_identity: a HOME under $tmp with only a git identity, so a run
# neither needs nor touches the user's.
throwaway_identity() {
	export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config
	mkdir -p "$XDG_CONFIG_HOME"
	printf '[user]\n\tname = Ana Bench\n\temail = ana@example.com\n' >"$HOME/.gitconfig"
	export GIT_AUTHOR_NAME="Ana Bench" GIT_AUTHOR_EMAIL=ana@example.com
	export GIT_COMMITTER_NAME="Ana Bench" GIT_COMMITTER_EMAIL=ana@example.com
	export GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
}

# ms CMD...: the time CMD takes once, in ms, to a hundredth.
ms() {
	local start end
	start=$EPOCHREALTIME
	"$@" >/dev/null
	end=$EPOCHREALTIME
	awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", (e - s) * 1000 }'
}
