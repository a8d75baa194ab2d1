// setupFiles of the quick project: the fence is up while this file's tests run.
require('./fence').setFence(true, expect.getState().testPath ?? 'a quick test');
