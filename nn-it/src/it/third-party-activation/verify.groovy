def jar = new File(localRepositoryPath, 'org/example/nn4j-mish/1.0.0/nn4j-mish-1.0.0.jar')
assert jar.isFile() : "not installed: ${jar}"
def services = new java.util.zip.ZipFile(jar).withCloseable { zip ->
  zip.getInputStream(zip.getEntry('META-INF/services/dev.nn4j.core.ActivationProvider')).text
}
assert services.trim() == 'org.example.mish.MishProvider'
def log = new File(basedir, 'build.log').text
assert log =~ /Tests run: 4, Failures: 0, Errors: 0, Skipped: 0/ : 'MishTest did not run and pass'
return true
