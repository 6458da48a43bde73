"use strict";
// build-image: its code is a chunk of the bundle the actions share (scripts/package.mjs).
require("../shared/index.js").run("build-image");
