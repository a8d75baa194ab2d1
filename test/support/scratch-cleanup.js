// setupFilesAfterEnv of both projects: the folders a test file made with scratchDir() go when the file ends.
afterAll(() => require('./scratch').removeScratchDirs());
