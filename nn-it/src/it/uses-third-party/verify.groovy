def log = new File(basedir, 'build.log').text
assert log =~ /Tests run: 5, Failures: 0, Errors: 0, Skipped: 0/ : 'MishModelInOtherJvmsTest and CenteringModelInOtherJvmsTest did not run and pass'
return true
