#!/usr/bin/env bash
# The AWS side of BuildPeer Uploads as CDK stacks (one per deploy/k8s overlay), offline:
#   deploy/aws/aws.sh template ENVIRONMENT   that environment's settings and CloudFormation template as JSON
#                                            (what tests/Deploy.Tests compares with the overlay)
#   deploy/aws/aws.sh test                   the stacks' wiring asserted on the templates (node:test)
# Needs Node >= 20; installs aws-cdk-lib (package-lock.json) with npm ci. Deploying is the CDK CLI's: see README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../npm-ci.sh
source "$HERE/../npm-ci.sh"

ensure_npm_ci "$HERE"
cd "$HERE"
case "${1:-}" in
  template) exec node bin/template.mjs "${2:?usage: aws.sh template ENVIRONMENT}" ;;
  test) exec node --test test/ ;;
  *) echo "usage: aws.sh template ENVIRONMENT | test" >&2; exit 2 ;;
esac
