#!/usr/bin/env bash
# Post the metric diff in folder $1 (a pull request run's artifact: metric-diff.md, pr-number) as ONE comment on its
# pull request, edited on each new push. The artifact was written by the PR's code, so it is untrusted data: the PR
# number must be a number AND that PR's head must be the commit the run reviewed ($HEAD_SHA, set by GitHub), so a
# fork cannot post on another pull request; the text is cut to fit a comment and never executed.
# Needs gh with GH_TOKEN (pull-requests: write) and GH_REPO.
set -euo pipefail
folder=$1
marker='<!-- social-health metric diff -->'
pr=$(head -c 12 "$folder/pr-number" | tr -d '[:space:]')
case "$pr" in '' | *[!0-9]*) echo "::error::pr-number is not a number"; exit 1 ;; esac
head=$(gh pr view "$pr" --json headRefOid --jq .headRefOid)
if [ "$head" != "$HEAD_SHA" ]; then
  echo "::error::pull request #$pr is at $head, not at the reviewed commit $HEAD_SHA; not posting"
  exit 1
fi
{ echo "$marker"; head -c 60000 "$folder/metric-diff.md"; } > comment.md
comment=$(gh api "repos/$GH_REPO/issues/$pr/comments" --paginate \
  --jq ".[] | select(.user.login == \"github-actions[bot]\" and (.body | startswith(\"$marker\"))) | .id" | tail -n 1)
if [ -n "$comment" ]; then
  gh api -X PATCH "repos/$GH_REPO/issues/comments/$comment" -F body=@comment.md > /dev/null
  echo "Updated the metric diff comment on #$pr"
else
  gh pr comment "$pr" --body-file comment.md
fi
