"use strict";
// deploy-ec2: its code is a chunk of the bundle the actions share (scripts/package.mjs).
require("../shared/index.js").run("deploy-ec2");
