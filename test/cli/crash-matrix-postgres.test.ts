import { describeCrashMatrix } from "./crash-matrix.js";

describeCrashMatrix("postgres");
