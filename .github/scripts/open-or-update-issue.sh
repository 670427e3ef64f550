#!/usr/bin/env bash
# Open an issue titled $1 with the body in file $2, or, when an open issue already has that title, comment on it:
# one issue per kind, however many nights it repeats. Needs gh with GH_TOKEN (issues: write) and GH_REPO.
set -euo pipefail
title=$1
body=$2
number=$(gh issue list --state open --search "in:title $title" --json number,title --limit 50 \
  | TITLE="$title" python3 -c 'import json, os, sys; print(next((str(i["number"]) for i in json.load(sys.stdin) if i["title"] == os.environ["TITLE"]), ""))')
if [ -n "$number" ]; then
  gh issue comment "$number" --body-file "$body"
  echo "Commented on issue #$number ($title)"
else
  gh issue create --title "$title" --body-file "$body"
fi
