// Runs before every test file of the `react18` project, so none can pass on another React.
// Nothing under test/ resolves `react` to 18 by itself (it lives in test/react18/deps), so
// this sees exactly what the project's aliases give every test file.
import { version } from "react";
import { version as domVersion } from "react-dom";

if (!version.startsWith("18.") || domVersion !== version) {
  throw new Error(
    `the react18 project resolved react ${version} and react-dom ${domVersion}; expected 18.x from test/react18/deps/node_modules`,
  );
}
