def jar = new File(localRepositoryPath, 'org/example/nn4j-centering/1.0.0/nn4j-centering-1.0.0.jar')
assert jar.isFile() : "not installed: ${jar}"
def services = new java.util.zip.ZipFile(jar).withCloseable { zip ->
  zip.getInputStream(zip.getEntry('META-INF/services/dev.nn4j.core.LayerProvider')).text
}
assert services.trim() == 'org.example.centering.Centering$Provider'
def log = new File(basedir, 'build.log').text
assert log =~ /Tests run: 5, Failures: 0, Errors: 0, Skipped: 0/ : 'CenteringTest did not run and pass'
return true
