def log = new File(basedir, 'build.log').text
assert log =~ /Tests run: 3, Failures: 0, Errors: 0, Skipped: 0/ : 'MishModelInOtherJvmsTest did not run and pass'
return true
