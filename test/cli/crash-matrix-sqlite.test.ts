import { describeCrashMatrix } from "./crash-matrix.js";

describeCrashMatrix("sqlite");
